package io.herald.sse.entity;

import java.time.Duration;

/** A new connection is over a limit: the user's ({@code perUser}) or the server's. */
public class ConnectionRefusedException extends RuntimeException {

    private final boolean perUser;
    private final Duration retryAfter;

    public ConnectionRefusedException(String message, boolean perUser, Duration retryAfter) {
        super(message);
        this.perUser = perUser;
        this.retryAfter = retryAfter;
    }

    /** True when the user has too many connections (429), false when the server is full or stopping (503). */
    public boolean perUser() {
        return perUser;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
