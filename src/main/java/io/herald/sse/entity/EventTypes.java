package io.herald.sse.entity;

import java.util.Set;
import java.util.regex.Pattern;

/** Event types Herald sends by itself, and the shape every type name must have. */
public final class EventTypes {

    public static final String CONNECTION_ESTABLISHED = "connection_established";
    public static final String HEARTBEAT = "heartbeat";
    /** On resume: events after the client's last id may be gone; it should reload its state. */
    public static final String RESYNC_REQUIRED = "resync_required";
    /** The stream's token expired; the client reconnects with a fresh one and resumes. */
    public static final String TOKEN_EXPIRED = "token_expired";
    /** The server is stopping; the event's {@code retry:} says when to come back. */
    public static final String SERVER_SHUTDOWN = "server_shutdown";

    /** Sent by Herald only; no producer may publish them, and no type filter removes them. */
    public static final Set<String> RESERVED = Set.of(CONNECTION_ESTABLISHED, HEARTBEAT, RESYNC_REQUIRED,
            TOKEN_EXPIRED, SERVER_SHUTDOWN);

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
