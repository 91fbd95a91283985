package io.herald.sse.entity;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One event as an in-process subscriber receives it: what an HTTP client would parse from the
 * stream. {@code id} is null for heartbeats and Herald's control events; {@code data} is the JSON
 * payload; {@code userId} is null on broadcasts.
 */
public record SseEvent(String id, String type, JsonNode data, String userId, Instant timestamp) {
}
