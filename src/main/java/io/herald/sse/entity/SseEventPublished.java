package io.herald.sse.entity;

import java.time.Instant;

/**
 * The CDI event every module fires to have Herald deliver something: the single internal publish
 * path. Herald delivers it after the firing transaction commits, and never if it rolls back.
 * <pre>{@code
 * @Inject Event<SseEventPublished> events;
 * events.fire(SseEventPublished.to(Audience.user("alice"), "task_assigned", task));
 * }</pre>
 */
public record SseEventPublished(Audience audience, String type, Object data, Instant timestamp) {

    public SseEventPublished {
        if (audience == null) {
            throw new IllegalArgumentException("An event needs an audience");
        }
        EventTypes.requirePublishable(type);
        if (timestamp == null) {
            timestamp = Instant.now();
        }
    }

    public static SseEventPublished to(Audience audience, String type, Object data) {
        return new SseEventPublished(audience, type, data, Instant.now());
    }
}
