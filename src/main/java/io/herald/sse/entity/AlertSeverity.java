package io.herald.sse.entity;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How urgent an {@code alert} or a {@code system_notification} is; lower case on the wire. */
public enum AlertSeverity {
    INFO, WARNING, ERROR, CRITICAL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
