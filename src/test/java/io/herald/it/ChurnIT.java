package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URL;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** 2,000 connect/disconnect cycles leave no connection in the registry and no sink open. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ChurnIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int CHURN_CYCLES = 2000;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.herald("herald-churn");
    }

    @ArquillianResource
    URL base;

    private Herald herald() {
        return new Herald(base);
    }

    @Test
    void twoThousandConnectDisconnectCyclesLeaveNoConnectionAndNoSink() throws Exception {
        for (int i = 0; i < CHURN_CYCLES; i++) {
            try (SseClient client = SseClient.connect(herald().api("sse/connect"), Tokens.mint("churn-" + i, "user"))) {
                assertEquals(200, client.status(), "cycle " + i);
                client.await("connection_established", WAIT);
            }
        }
        JsonNode stats = herald().awaitDrained(Duration.ofSeconds(30));
        assertEquals(0, stats.path("connections").asInt(), stats.toString());
        assertEquals(0, stats.path("openSinks").asInt(), stats.toString());
    }
}
