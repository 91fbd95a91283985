package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** A deployed Herald as the client tests see it: its API paths, an administrator, and common calls. */
final class Herald {

    static final Duration WAIT = Duration.ofSeconds(10);

    private final URI base;
    final String admin = Tokens.mint("admin-" + UUID.randomUUID(), "admin");

    Herald(URL base) {
        this.base = URI.create(base.toString());
    }

    URI api(String path) {
        return base.resolve("api/" + path);
    }

    /** A user name no other test uses, so that tests never see each other's events. */
    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Opens a user's stream and waits for connection_established. */
    SseClient stream(String user) {
        SseClient client = SseClient.connect(api("sse/connect"), Tokens.mint(user, "user"));
        assertEquals(200, client.status(), "connect status");
        client.await("connection_established", WAIT);
        return client;
    }

    /** Publishes as the administrator and expects 202. */
    void publish(String json) {
        HttpResponse<String> response = Http.post(api("sse/publish"), admin, json);
        assertEquals(202, response.statusCode(), response.body());
    }

    JsonNode stats() {
        return Http.json(Http.get(api("sse/stats"), admin));
    }

    /** Waits until the server has noticed every closed client (at the next heartbeat, every second in tests). */
    JsonNode awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode stats = stats();
        while ((stats.path("connections").asInt() > 0 || stats.path("openSinks").asInt() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            stats = stats();
        }
        return stats;
    }
}
