package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The MicroProfile Health probes answer without a token and report Herald's own checks. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HealthIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.herald("herald-health");
    }

    @ArquillianResource
    URL base;

    @Test
    void livenessReportsTheHeartbeatTimer() throws Exception {
        Thread.sleep(1500); // past the first heartbeat tick (1 s here)
        JsonNode live = up("/health/live");
        JsonNode check = check(live, "herald-heartbeat");
        assertEquals("UP", check.path("status").asText());
        assertTrue(check.path("data").has("lastHeartbeat"));
    }

    @Test
    void readinessReportsThatStreamsAreAccepted() {
        JsonNode ready = up("/health/ready");
        assertEquals("UP", check(ready, "herald-streams").path("status").asText());
    }

    private JsonNode up(String path) {
        HttpResponse<String> response = Http.get(URI.create(base.toString()).resolve(path), null);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = Http.json(response);
        assertEquals("UP", body.path("status").asText());
        return body;
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.path("checks")) {
            if (check.path("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("No check " + name + " in " + health);
    }
}
