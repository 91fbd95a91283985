package io.herald.sse.entity;

import java.util.regex.Pattern;

/**
 * What a user id may be, checked in this one place for every way one enters Herald: a token's
 * principal, {@code userIds} of a publish, the Java API and the calendar's attendees. User ids are
 * keys of the connection registry and the history, and they are written into every event, so they
 * are short and plain: 1 to {@value #MAX_LENGTH} ASCII letters, digits or {@code . _ - @ : | +}
 * (enough for user names, e-mail addresses, UUIDs and identity providers' {@code sub}s such as
 * {@code auth0|5f7c8ec7}).
 */
public final class UserIds {

    public static final int MAX_LENGTH = 128;
    /** The same rule as a regular expression, for Bean Validation's {@code @Pattern}. */
    public static final String PATTERN = "[A-Za-z0-9._@:|+-]{1," + MAX_LENGTH + "}";
    public static final String RULE = "1 to " + MAX_LENGTH + " letters, digits or . _ - @ : | +";

    private static final Pattern VALID = Pattern.compile(PATTERN);

    private UserIds() {
    }

    public static boolean isValid(String userId) {
        return userId != null && userId.length() <= MAX_LENGTH && VALID.matcher(userId).matches();
    }

    /**
     * @return {@code userId}
     * @throws IllegalArgumentException naming the rule, with at most the start of the offending value
     */
    public static String require(String userId) {
        if (!isValid(userId)) {
            throw new IllegalArgumentException("A user id must be " + RULE + " (was " + describe(userId) + ")");
        }
        return userId;
    }

    private static String describe(String userId) {
        if (userId == null) {
            return "null";
        }
        String start = userId.length() > 32 ? userId.substring(0, 32) + "..." : userId;
        return "'" + start.replaceAll("\\p{Cntrl}", "?") + "', " + userId.length() + " characters";
    }
}
