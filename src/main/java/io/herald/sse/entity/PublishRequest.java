package io.herald.sse.entity;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/sse/publish}: no {@code userIds} means everyone. */
public record PublishRequest(
        @Schema(required = true, pattern = "^[A-Za-z0-9_.:-]{1,64}$",
                description = "The event type; not one of Herald's own (see SseEventType)") String type,
        @Schema(ref = "EventData") Object data,
        @Schema(description = "The recipients; leave it out to publish to everyone (an empty list is refused)")
        List<String> userIds) {
}
