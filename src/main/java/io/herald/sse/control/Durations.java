package io.herald.sse.control;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations the way operators write them: {@code 500ms}, {@code 30s}, {@code 1m}, {@code 2h}, or ISO-8601 {@code PT30S}. */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private Durations() {
    }

    public static Duration parse(String key, String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = SHORT.matcher(value);
        Duration duration;
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            duration = switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        } else {
            try {
                duration = Duration.parse(text.trim());
            } catch (DateTimeParseException | NullPointerException e) {
                throw new IllegalArgumentException(key + " must be a duration such as 30s, 5m or PT30S (was '" + text + "')");
            }
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(key + " must be positive (was '" + text + "')");
        }
        return duration;
    }
}
