package io.herald.sse.entity;

import java.util.Set;
import java.util.regex.Pattern;

/** Event types Herald sends by itself, and the shape every type name must have. */
public final class EventTypes {

    public static final String CONNECTION_ESTABLISHED = "connection_established";
    public static final String HEARTBEAT = "heartbeat";

    /** Sent by Herald only; no producer may publish them, and no type filter removes them. */
    public static final Set<String> RESERVED = Set.of(CONNECTION_ESTABLISHED, HEARTBEAT);

    /** Letters, digits and {@code _ . : -}, up to 64 characters: safe in logs, filters and JSON. */
    public static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private EventTypes() {
    }

    /** Checks a type a producer wants to publish; the message says what is wrong. */
    public static void requirePublishable(String type) {
        if (type == null || !VALID.matcher(type).matches()) {
            throw new IllegalArgumentException(
                    "Event type must be 1 to 64 letters, digits or _ . : - (was " + describe(type) + ")");
        }
        if (RESERVED.contains(type)) {
            throw new IllegalArgumentException("Event type '" + type + "' is reserved for Herald");
        }
    }

    private static String describe(String type) {
        if (type == null) {
            return "missing";
        }
        return type.length() > 70 ? "'" + type.substring(0, 64) + "...'" : "'" + type + "'";
    }
}
