package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Connection limits: a new connection over them is refused; the open ones keep their streams. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LimitsIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.herald("herald-limits", Map.of(
                "herald.sse.max-connections-per-user", "3",
                "herald.sse.max-connections", "6",
                "herald.sse.limit-retry-after", "7s"));
    }

    @ArquillianResource
    URL base;

    private Herald herald() {
        return new Herald(base);
    }

    private SseClient connect(String user) {
        SseClient client = SseClient.connect(herald().api("sse/connect"), Tokens.mint(user, "user"));
        if (client.status() == 200) {
            client.await("connection_established", WAIT);
        }
        return client;
    }

    @Test
    void overTheLimitsNewConnectionsAreRefusedWithRetryAfter() throws Exception {
        herald().awaitDrained(Duration.ofSeconds(20));
        List<SseClient> open = new ArrayList<>();
        try {
            String tabs = "tabs-" + UUID.randomUUID();
            for (int i = 0; i < 3; i++) {
                open.add(connect(tabs));
            }
            HttpResponse<String> fourthTab = Http.get(herald().api("sse/connect"), Tokens.mint(tabs, "user"));
            assertEquals(429, fourthTab.statusCode());
            assertEquals("7", fourthTab.headers().firstValue("Retry-After").orElse(""));
            assertEquals("application/problem+json", fourthTab.headers().firstValue("Content-Type").orElse(""));
            assertTrue(open.stream().allMatch(client -> client.status() == 200));

            open.add(connect("other-1-" + UUID.randomUUID()));
            open.add(connect("other-2-" + UUID.randomUUID()));
            open.add(connect("other-3-" + UUID.randomUUID()));
            HttpResponse<String> full = Http.get(herald().api("sse/connect"), Tokens.mint("late-" + UUID.randomUUID(), "user"));
            assertEquals(503, full.statusCode());
            assertEquals("7", full.headers().firstValue("Retry-After").orElse(""));
        } finally {
            open.forEach(SseClient::close);
        }
    }
}
