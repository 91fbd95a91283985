package io.herald.sse.entity;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * One event as a client sees it: the spec's {@code {type, data, userId, timestamp}} in the
 * {@code data:} line, and {@code id} in the SSE {@code id:} field (null for heartbeats).
 * {@code userId} is null on broadcasts, so the JSON leaves it out.
 */
@JsonPropertyOrder({"type", "data", "userId", "timestamp"})
public record SseEvent(@JsonIgnore String id, String type, Object data, String userId, Instant timestamp) {

    public SseEvent {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("An event needs a type");
        }
        if (timestamp == null) {
            throw new IllegalArgumentException("An event needs a timestamp");
        }
    }
}
