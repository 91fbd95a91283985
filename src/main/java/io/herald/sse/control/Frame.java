package io.herald.sse.control;

import io.herald.platform.Json;
import io.herald.sse.entity.EventTypes;
import io.herald.sse.entity.SseEvent;

/**
 * An event serialised once for all the connections that receive it: the SSE {@code id:} field
 * (null for heartbeats) and the single line of JSON for {@code data:}. There is no {@code event:}
 * field: the spec's clients use {@code onmessage} and switch on {@code type}.
 */
public record Frame(SseEvent event, String json) {

    public static Frame of(SseEvent event) {
        // Jackson escapes line breaks inside strings, so the JSON is always one line.
        return new Frame(event, Json.write(event));
    }

    public String id() {
        return event.id();
    }

    public String type() {
        return event.type();
    }

    public boolean isHeartbeat() {
        return EventTypes.HEARTBEAT.equals(event.type());
    }
}
