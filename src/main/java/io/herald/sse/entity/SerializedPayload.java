package io.herald.sse.entity;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Event data already written as JSON (by {@code SseService}, which checks its size once). Delivery
 * uses the text as it is; anything else fired as data is serialised there.
 */
public record SerializedPayload(@JsonValue @JsonRawValue String json) {
}
