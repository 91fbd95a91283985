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

    public static Audience users(Collection<String> userIds) {
        Set<String> distinct = new LinkedHashSet<>();
        for (String userId : userIds) {
            distinct.add(requireUserId(userId));
        }
        return new Audience(false, distinct);
    }

    private static String requireUserId(String userId) {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("A user id must not be blank");
        }
        return userId;
    }
}
