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
    private final List<Pattern> patterns;

    private TypeFilter(String text, List<Pattern> patterns) {
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
        List<Pattern> compiled = parts.stream().map(TypeFilter::compile).toList();
        return new TypeFilter(String.join(",", parts), compiled);
    }

    private static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String literal : glob.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(literal));
        }
        return Pattern.compile(regex.toString());
    }

    private static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }

    public boolean accepts(String type) {
        if (patterns.isEmpty() || EventTypes.RESERVED.contains(type)) {
            return true;
        }
        for (Pattern pattern : patterns) {
            if (pattern.matcher(type).matches()) {
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
