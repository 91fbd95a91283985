package io.herald.sse.entity;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/** Who receives an event: everyone connected, or the named users. */
public record Audience(boolean broadcast, Set<String> userIds) {

    private static final Audience EVERYONE = new Audience(true, Set.of());

    public Audience {
        userIds = Set.copyOf(userIds);
        if (!broadcast && userIds.isEmpty()) {
            throw new IllegalArgumentException("An audience names at least one user, or is everyone");
        }
    }

    public static Audience everyone() {
        return EVERYONE;
    }

    public static Audience user(String userId) {
        return users(Set.of(requireUserId(userId)));
    }

    /** At most this many users per event: a longer list is split by the caller into several sends. */
    public static final int MAX_USERS = 10_000;

    public static Audience users(Collection<String> userIds) {
        if (userIds.size() > MAX_USERS) {
            throw new IllegalArgumentException("An event names at most " + MAX_USERS + " users (was " + userIds.size() + ")");
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String userId : userIds) {
            distinct.add(requireUserId(userId));
        }
        return new Audience(false, distinct);
    }

    private static String requireUserId(String userId) {
        return UserIds.require(userId);
    }
}
