package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /metrics}: each counter moves when the matching thing happens. The scrapes are compared
 * before and after, so metrics left by earlier test classes do not matter.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MetricsIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.herald("herald-metrics", Map.of("herald.sse.max-connections-per-user", "3"));
    }

    @ArquillianResource
    URL base;

    private Herald herald() {
        return new Herald(base);
    }

    private Prometheus scrape() {
        return Prometheus.scrape(URI.create(base.toString()).resolve("/metrics?scope=application"));
    }

    @Test
    void metricsArePrometheusTextOpenOnLocalhost() {
        HttpResponse<String> response = Http.send(Http.request(URI.create(base.toString()).resolve("/metrics"), null).GET());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
                response.headers().toString());
        assertTrue(response.body().contains("# TYPE herald_connections_open gauge"), response.body());
    }

    @Test
    void connectionAndEventCountersMove() throws Exception {
        Herald herald = herald();
        herald.awaitDrained(Duration.ofSeconds(20));
        String user = Herald.unique("metrics");
        Prometheus before = scrape();
        List<SseClient> streams = new ArrayList<>();
        try {
            SseClient first = herald.stream(user);
            streams.add(first);
            herald.publish("{\"type\":\"chat_message\",\"data\":{\"text\":\"one\"},\"userIds\":[\"" + user + "\"]}");
            SseClient.Received one = first.await("chat_message", WAIT);
            herald.publish("{\"type\":\"chat_message\",\"data\":{\"text\":\"two\"},\"userIds\":[\"" + user + "\"]}");
            first.await("chat_message", WAIT);

            Prometheus afterEvents = scrape();
            assertEquals(1, delta(before, afterEvents, "herald_connections_opened_total"));
            assertEquals(2, delta(before, afterEvents, "herald_events_published_total", "family", "chat"));
            // connection_established and the two events (heartbeats are not counted)
            assertTrue(delta(before, afterEvents, "herald_events_delivered_total") >= 3);
            // only live events are timed: not connection_established
            assertEquals(2, delta(before, afterEvents, "herald_delivery_latency_seconds_count"));
            assertTrue(afterEvents.has("herald_delivery_latency_seconds_bucket"), "latency histogram buckets");
            assertTrue(afterEvents.max("herald_connections_open") >= 1);
            assertTrue(afterEvents.max("herald_queue_depth_max") >= 1);
            assertTrue(afterEvents.max("herald_heartbeat_lag_seconds") < 5, "heartbeats every second here");
            assertTrue(afterEvents.max("herald_history_events") >= 2, "the two events are kept for resuming");
            assertTrue(afterEvents.max("herald_history_bytes") > 0);
            for (String reason : List.of("budget", "ring_limit", "age")) {
                assertTrue(afterEvents.text.lines().anyMatch(line -> line.startsWith("herald_history_evicted_total{")
                        && line.contains("reason=\"" + reason + "\"")), "eviction counter for " + reason + "\n" + afterEvents.text);
            }
            JsonNode stats = Http.json(Http.get(herald.api("sse/stats"), herald.admin));
            assertTrue(stats.path("historyBytes").asLong() > 0 && stats.path("historyMaxBytes").asLong() > stats.path("historyBytes").asLong(),
                    stats.toString());
            assertTrue(stats.path("historyEvicted").has("budget"), stats.toString());

            // A resume from the first event replays the second; an id from nowhere asks for a resync.
            SseClient resumed = SseClient.connect(herald.api("sse/connect"),
                    "Authorization", "Bearer " + Tokens.mint(user, "user"), "Last-Event-ID", one.id());
            streams.add(resumed);
            resumed.await("chat_message", WAIT);
            Prometheus afterReplay = scrape();
            assertEquals(1, delta(afterEvents, afterReplay, "herald_events_replayed_total"));
            SseClient lost = SseClient.connect(herald.api("sse/connect"),
                    "Authorization", "Bearer " + Tokens.mint(user, "user"), "Last-Event-ID", "1");
            streams.add(lost);
            lost.await("resync_required", WAIT);
            Prometheus afterResume = scrape();
            assertEquals(1, delta(afterReplay, afterResume, "herald_resync_required_total"));
            assertTrue(afterResume.max("herald_connections_per_user_max") >= 3);

            HttpResponse<String> fourth = Http.get(herald.api("sse/connect"), Tokens.mint(user, "user"));
            assertEquals(429, fourth.statusCode());
            String connectionId = first.received().get(0).json().path("data").path("connectionId").asText();
            assertEquals(204, Http.delete(herald.api("sse/connections/" + connectionId), herald.admin).statusCode());
            assertTrue(first.awaitEnd(WAIT));
            Prometheus afterClose = awaitDelta(afterResume, "herald_connections_closed_total", 1,
                    "reason", "closed_by_admin");
            assertEquals(1, delta(afterResume, afterClose, "herald_connections_refused_total", "reason", "user_limit"));
        } finally {
            streams.forEach(SseClient::close);
        }
    }

    private static double delta(Prometheus before, Prometheus after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    /** Closes happen off the request thread: wait for the counter rather than race it. */
    private Prometheus awaitDelta(Prometheus before, String name, double expected, String... labels) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Prometheus now = scrape();
        while (delta(before, now, name, labels) < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            now = scrape();
        }
        assertEquals(expected, delta(before, now, name, labels), name + " " + String.join(",", labels) + "\n" + now.text);
        return now;
    }
}
