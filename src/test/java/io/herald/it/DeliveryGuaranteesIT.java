package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.it.SseClient.Received;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Nothing lost: resume with Last-Event-ID, resync_required, the payload limit, and token expiry. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DeliveryGuaranteesIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.herald("herald-guarantees");
    }

    @ArquillianResource
    URL base;

    private Herald herald;

    @BeforeEach
    void setUp() {
        herald = new Herald(base);
    }



    private void publish(String type, String user) {
        String audience = user == null ? "" : ",\"userIds\":[\"" + user + "\"]";
        assertEquals(202, Http.post(herald.api("sse/publish"), herald.admin, "{\"type\":\"" + type + "\"" + audience + "}").statusCode());
    }

    private static List<String> business(List<Received> events) {
        return events.stream().map(Received::type).filter(type -> !type.equals("heartbeat")).toList();
    }

    @Test
    void aReconnectWithLastEventIdGetsEveryMissedEventOnceInOrderBeforeLiveOnes() {
        String user = Herald.unique("rita");
        String token = Tokens.mint(user, "user");
        String lastSeen;
        try (SseClient first = SseClient.connect(herald.api("sse/connect"), token)) {
            first.await("connection_established", WAIT);
            publish("seen", user);
            lastSeen = first.await("seen", WAIT).id();
        }
        publish("missed_1", user);
        publish("missed_all", null);
        publish("missed_2", user);

        try (SseClient again = SseClient.connect(herald.api("sse/connect"), "Authorization", "Bearer " + token,
                "Last-Event-ID", lastSeen)) {
            Received established = again.await("connection_established", WAIT);
            assertEquals(lastSeen, established.id(), "the stream keeps the client's position");
            publish("live", user);
            List<Received> events = again.until("live", WAIT);
            assertEquals(List.of("missed_1", "missed_all", "missed_2", "live"), business(events));
            List<Long> ids = events.stream().filter(e -> e.id() != null).map(e -> Long.parseLong(e.id())).toList();
            assertEquals(ids.stream().sorted().toList(), ids, "ids increase");
        }
    }

    @Test
    void aFreshEventSourceMayPassTheLastIdAsAParameter() {
        String user = Herald.unique("sam");
        String token = Tokens.mint(user, "user");
        String lastSeen;
        try (SseClient first = SseClient.connect(herald.api("sse/connect"), token)) {
            lastSeen = first.await("connection_established", WAIT).id();
        }
        publish("while_away", user);
        try (SseClient again = SseClient.connect(herald.api("sse/connect?lastEventId=" + lastSeen), token)) {
            publish("marker", user);
            assertEquals(List.of("connection_established", "while_away", "marker"), business(again.until("marker", WAIT)));
        }
    }

    @Test
    void anIdTooOldOrUnknownStartsWithResyncRequired() {
        String user = Herald.unique("tom");
        String token = Tokens.mint(user, "user");
        for (String lastEventId : List.of("1", "garbage")) {
            try (SseClient stream = SseClient.connect(herald.api("sse/connect"), "Authorization", "Bearer " + token,
                    "Last-Event-ID", lastEventId)) {
                List<Received> first = List.of(stream.next(WAIT), stream.next(WAIT));
                assertEquals(List.of("connection_established", "resync_required"), business(first));
                assertEquals(lastEventId, first.get(1).json().path("data").path("lastEventId").asText());
            }
        }
    }

    @Test
    void dataOverTheLimitIsA413Problem() {
        String big = "x".repeat(70 * 1024);
        HttpResponse<String> response = Http.post(herald.api("sse/publish"), herald.admin,
                "{\"type\":\"big\",\"data\":{\"pad\":\"" + big + "\"}}");
        assertEquals(413, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(Http.json(response).path("detail").asText().contains("65536"));

        HttpResponse<String> hugeBody = Http.post(herald.api("sse/publish"), herald.admin,
                "{\"type\":\"big\",\"data\":{\"pad\":\"" + "y".repeat(300 * 1024) + "\"}}");
        assertEquals(413, hugeBody.statusCode(), "refused from its Content-Length");
    }

    @Test
    void aStreamEndsWhenItsTokenExpiresAndAFreshTokenResumesWithoutLoss() throws Exception {
        String user = Herald.unique("uma");
        Instant expiry = Instant.now().plusSeconds(4);
        String shortLived = Tokens.mint(Tokens.claims(user, "user").expirationTime(Date.from(expiry)).build());
        String lastSeen;
        try (SseClient stream = SseClient.connect(herald.api("sse/connect"), shortLived)) {
            stream.await("connection_established", WAIT);
            publish("before_expiry", user);
            lastSeen = stream.await("before_expiry", WAIT).id();
            Received expired = stream.await("token_expired", WAIT);
            assertEquals(expiry.getEpochSecond(), Instant.parse(expired.json().path("data").path("expiredAt").asText()).getEpochSecond());
            assertTrue(stream.awaitEnd(WAIT), "the server closed the stream");
        }
        publish("after_expiry", user);
        try (SseClient resumed = SseClient.connect(herald.api("sse/connect"), "Authorization",
                "Bearer " + Tokens.mint(user, "user"), "Last-Event-ID", lastSeen)) {
            List<String> got = business(resumed.until("after_expiry", WAIT));
            assertEquals(List.of("connection_established", "after_expiry"), got);
            assertFalse(got.contains("resync_required"));
        }
    }
}
