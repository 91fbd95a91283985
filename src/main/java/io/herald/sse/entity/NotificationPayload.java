package io.herald.sse.entity;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The {@code data} of every ready-made notification: {@code message} for a human, {@code action}
 * for code, and the {@code entity} concerned. {@code title} and {@code severity} appear where the
 * family has them (general notifications, alerts, system notifications); absent fields are left out.
 */
@JsonPropertyOrder({"message", "action", "title", "severity", "entity"})
public record NotificationPayload(String message, String action, String title, AlertSeverity severity, Object entity) {

    public NotificationPayload {
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("A notification needs a message");
        }
        if (action == null || action.isBlank()) {
            throw new IllegalArgumentException("A notification needs an action");
        }
    }

    public static NotificationPayload of(String message, NotificationAction action, Object entity) {
        return new NotificationPayload(message, action.action(), null, null, entity);
    }
}
