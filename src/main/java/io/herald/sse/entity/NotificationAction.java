package io.herald.sse.entity;

import java.util.Locale;

/**
 * An action of one notification family (created, approved, typing, ...): it names the SSE event type
 * and the {@code action} field of the payload, so no free string can produce an unknown type.
 * Implemented by the families' enums.
 */
public interface NotificationAction {

    /** The enum constant's name, e.g. {@code MEMBER_ADDED}. */
    String name();

    /** The event type prefix of the family, e.g. {@code project_}. */
    String typePrefix();

    /** The payload's {@code action}: the constant in lower case, e.g. {@code member_added}. */
    default String action() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The SSE event type, e.g. {@code project_member_added}. */
    default String eventType() {
        return typePrefix() + action();
    }

    /** The human message, with {@code %s} where the entity's quoted name goes (or nothing). */
    String messageTemplate();

    /** The message for a human about the named entity, e.g. {@code Task 'Fix login' was completed}. */
    default String message(String entityName) {
        return String.format(messageTemplate(), entityName == null || entityName.isBlank() ? "" : " '" + entityName + "'");
    }
}
