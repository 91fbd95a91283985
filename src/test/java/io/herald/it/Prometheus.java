package io.herald.it;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of {@code /metrics} in the Prometheus text format, and sums over its series. */
final class Prometheus {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;
    final String text;

    private Prometheus(String text) {
        this.text = text;
        List<Sample> parsed = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.find()) {
                continue;
            }
            Map<String, String> labels = new java.util.HashMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            parsed.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(4))));
        }
        samples = parsed;
    }

    static Prometheus scrape(URI metrics) {
        HttpResponse<String> response = Http.send(Http.request(metrics, null).GET());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + metrics + ": " + response.statusCode() + " " + response.body());
        }
        return new Prometheus(response.body());
    }

    /** The sum of every series called {@code name} whose labels include the given name/value pairs. */
    double sum(String name, String... labels) {
        double total = 0;
        for (Sample sample : samples) {
            if (sample.name().equals(name) && matches(sample.labels(), labels)) {
                total += sample.value();
            }
        }
        return total;
    }

    /** The largest value of the series called {@code name} (gauges: one per deployed Herald). */
    double max(String name) {
        return samples.stream().filter(sample -> sample.name().equals(name))
                .mapToDouble(Sample::value).max()
                .orElseThrow(() -> new AssertionError("No series " + name + " in\n" + text));
    }

    boolean has(String name) {
        return samples.stream().anyMatch(sample -> sample.name().equals(name));
    }

    private static boolean matches(Map<String, String> actual, String... wanted) {
        for (int i = 0; i + 1 < wanted.length; i += 2) {
            if (!wanted[i + 1].equals(actual.get(wanted[i]))) {
                return false;
            }
        }
        return true;
    }
}
