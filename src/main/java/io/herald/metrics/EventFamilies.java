package io.herald.metrics;

import java.util.List;

/**
 * The family of an event type, as a metric label: the spec's families, {@code herald} for Herald's
 * own events, and {@code other} for anything else, so that producers inventing types cannot grow
 * the number of series without bound.
 */
final class EventFamilies {

    static final String OTHER = "other";
    static final List<String> ALL = List.of("calendar", "employee", "leave", "chat", "task", "project",
            "system", "dashboard", "alert", "notification", "herald", OTHER);
    private static final List<String> HERALD_TYPES = List.of("connection_established", "resync_required",
            "token_expired", "server_shutdown", "heartbeat");

    private EventFamilies() {
    }

    static String of(String type) {
        if (type == null) {
            return OTHER;
        }
        if (HERALD_TYPES.contains(type)) {
            return "herald";
        }
        int end = type.indexOf('_');
        String first = end < 0 ? type : type.substring(0, end);
        return ALL.contains(first) && !"herald".equals(first) ? first : OTHER;
    }
}
