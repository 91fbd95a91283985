package io.herald.sse.entity;

import java.time.Duration;

/** The event log (a cluster's broker) cannot take an event now; the caller may retry after a while. */
public class EventLogUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public EventLogUnavailableException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
