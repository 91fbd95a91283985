package io.herald.sse.control;

import io.herald.sse.entity.EventTypes;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which event types one connection wants, from {@code ?types=chat_*,alert}: a comma-separated list
 * of type names in which {@code *} stands for any run of characters. Herald's own events
 * (connection_established, heartbeat) always pass.
 */
public final class TypeFilter {

    private static final int MAX_PATTERNS = 32;
    private static final Pattern VALID_PATTERN = Pattern.compile("[A-Za-z0-9_.:*-]{1,64}");
    private static final TypeFilter EVERYTHING = new TypeFilter("", List.of());

    private final String text;
    private final List<String> patterns;

    private TypeFilter(String text, List<String> patterns) {
        this.text = text;
        this.patterns = patterns;
    }

    public static TypeFilter everything() {
        return EVERYTHING;
    }

    /** @throws IllegalArgumentException naming the pattern that is not acceptable */
    public static TypeFilter parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<String> parts = Arrays.stream(text.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
        if (parts.size() > MAX_PATTERNS) {
            throw new IllegalArgumentException("types takes at most " + MAX_PATTERNS + " patterns");
        }
        for (String part : parts) {
            if (!VALID_PATTERN.matcher(part).matches()) {
                throw new IllegalArgumentException("types: '" + abbreviate(part)
                        + "' is not a type pattern (letters, digits, _ . : - and *)");
            }
        }
        if (parts.isEmpty()) {
            return EVERYTHING;
        }
        return new TypeFilter(String.join(",", parts), List.copyOf(parts));
    }

    /**
     * Matches a glob in O(type × glob) steps at worst, with the classic two-pointer walk that retries
     * only from the last {@code *}. A regular expression such as {@code .*a.*a.*a...b} would backtrack
     * exponentially on a type like {@code aaaa...}: a subscriber's filter must never be able to stall
     * the publisher's thread that runs it.
     */
    static boolean globMatches(String glob, String type) {
        int g = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < type.length()) {
            if (g < glob.length() && glob.charAt(g) != '*' && glob.charAt(g) == type.charAt(t)) {
                g++;
                t++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                resume = t;
            } else if (star >= 0) {
                g = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }

    private static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }

    public boolean accepts(String type) {
        if (patterns.isEmpty() || EventTypes.RESERVED.contains(type)) {
            return true;
        }
        for (String pattern : patterns) {
            if (globMatches(pattern, type)) {
                return true;
            }
        }
        return false;
    }

    /** The patterns as given, comma-separated; empty for no filter. */
    @Override
    public String toString() {
        return text;
    }
}
