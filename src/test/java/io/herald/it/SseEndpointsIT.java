package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.it.SseClient.Received;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The SSE endpoints over HTTP, as browsers and producers use them. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SseEndpointsIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.herald("herald-endpoints");
    }

    @ArquillianResource
    URL base;

    private Herald herald;

    @BeforeEach
    void setUp() {
        herald = new Herald(base);
    }



    private SseClient connect(String user) {
        return connect(user, "");
    }

    private SseClient connect(String user, String query) {
        // Asks for gzip as browsers do: the stream must come uncompressed all the same.
        SseClient client = SseClient.connect(herald.api("sse/connect" + query),
                "Authorization", "Bearer " + Tokens.mint(user, "user"), "Accept-Encoding", "gzip, deflate");
        assertEquals(200, client.status(), "connect status");
        return client;
    }

    @Test
    void connectSendsConnectionEstablishedAtOnceWithProxyHeaders() {
        String alice = Herald.unique("alice");
        try (SseClient stream = connect(alice)) {
            assertEquals("text/event-stream", stream.headers().firstValue("Content-Type").orElse("").split(";")[0]);
            assertEquals("no-cache", stream.headers().firstValue("Cache-Control").orElse(null));
            assertEquals("no", stream.headers().firstValue("X-Accel-Buffering").orElse(null));
            assertTrue(stream.headers().firstValue("Content-Encoding").isEmpty(), "the stream is never compressed");

            Received established = stream.next(WAIT);
            assertEquals("connection_established", established.type());
            assertEquals(alice, established.json().path("userId").asText());
            assertEquals(alice, established.json().path("data").path("userId").asText());
            assertFalse(established.json().path("data").path("connectionId").asText().isEmpty());
            assertEquals(1, established.json().path("data").path("heartbeatIntervalSeconds").asInt());
            assertNotNull(established.id(), "connection_established carries an id");
        }
    }

    @Test
    void requestHeadersFarLargerThanTheHeaderBufferAreReadWhole() {
        // server.xml reads request headers into 1 KiB buffers (herald.http.headerBufferSize); a browser's
        // cookies and a long token span several. The first request on a connection and a later one on the
        // same keep-alive connection are read by different settings, so both are checked.
        String alice = Herald.unique("alice");
        String token = Tokens.mint(alice, "user");
        String cookies = String.join("; ", java.util.stream.IntStream.range(0, 40)
                .mapToObj(i -> "preference" + i + "=" + "x".repeat(150)).toList());
        String note = "y".repeat(3_000);
        try (SseClient stream = SseClient.connect(herald.api("sse/connect"),
                "Authorization", "Bearer " + token, "Cookie", cookies, "X-Request-Note", note)) {
            assertEquals(200, stream.status(), "connect status");
            Received established = stream.next(WAIT);
            assertEquals("connection_established", established.type());
            assertEquals(alice, established.json().path("userId").asText());
            for (int request = 0; request < 2; request++) {
                HttpResponse<String> status = Http.send(Http.request(herald.api("sse/status"), token)
                        .header("Cookie", cookies).header("X-Request-Note", note).GET());
                assertEquals(200, status.statusCode(), status.body());
                assertEquals(1, Http.json(status).path("connections").asInt(), status.body());
            }
        }
    }

    @Test
    void wireFormatIsOneJsonDataLineWithIncreasingIdsAndNoEventField() {
        String bob = Herald.unique("bob");
        try (SseClient stream = connect(bob)) {
            stream.await("connection_established", WAIT);
            herald.publish("{\"type\":\"wire_check\",\"data\":{\"text\":\"two\\nlines\"},\"userIds\":[\"" + bob + "\"]}");
            herald.publish("{\"type\":\"wire_check_2\",\"data\":{\"n\":2},\"userIds\":[\"" + bob + "\"]}");
            Received first = stream.await("wire_check", WAIT);
            Received second = stream.await("wire_check_2", WAIT);

            assertEquals("two\nlines", first.json().path("data").path("text").asText());
            assertEquals(bob, first.json().path("userId").asText());
            Instant.parse(first.json().path("timestamp").asText()); // ISO-8601
            assertTrue(Long.parseLong(second.id()) > Long.parseLong(first.id()), "ids increase");
            assertNull(first.event(), "no event: field");
            assertTrue(stream.rawLines().stream().noneMatch(line -> line.startsWith("event:")));
            assertTrue(stream.rawLines().stream().filter(line -> line.startsWith("data:"))
                    .allMatch(line -> line.startsWith("data: {") && line.endsWith("}")), "each data line is one JSON object");
        }
    }

    /**
     * Each write gives Liberty's response buffers back to its pool (LibertyResponseBuffers): on the
     * Liberty under test the release is found and never fails, and the writes after it, one larger than
     * a pooled buffer among them, arrive whole and in order.
     */
    @Test
    void writesAfterLibertysBuffersWentBackArriveWhole() {
        String erin = Herald.unique("erin");
        String large = "x".repeat(20_000);
        try (SseClient stream = connect(erin)) {
            stream.await("connection_established", WAIT);
            herald.publish("{\"type\":\"after_release\",\"data\":{\"n\":1},\"userIds\":[\"" + erin + "\"]}");
            herald.publish("{\"type\":\"after_release_large\",\"data\":{\"text\":\"" + large + "\"},\"userIds\":[\"" + erin + "\"]}");
            herald.publish("{\"type\":\"after_release_last\",\"data\":{\"n\":3},\"userIds\":[\"" + erin + "\"]}");
            assertEquals(1, stream.await("after_release", WAIT).json().path("data").path("n").asInt());
            assertEquals(large, stream.await("after_release_large", WAIT).json().path("data").path("text").asText());
            assertEquals(3, stream.await("after_release_last", WAIT).json().path("data").path("n").asInt());
        }
        assertEquals("released after each write", herald.stats().path("responseBuffers").asText());
    }

    @Test
    void sendToUserReachesOnlyThatUserBothWays() {
        String carol = Herald.unique("carol");
        String dave = Herald.unique("dave");
        try (SseClient carolStream = connect(carol); SseClient daveStream = connect(dave)) {
            carolStream.await("connection_established", WAIT);
            daveStream.await("connection_established", WAIT);

            herald.publish("{\"type\":\"for_carol\",\"data\":{\"n\":1},\"userIds\":[\"" + carol + "\"]}");
            herald.publish("{\"type\":\"for_dave\",\"data\":{\"n\":2},\"userIds\":[\"" + dave + "\"]}");
            // A broadcast after both: each stream is in order, so anything misaddressed would come first.
            herald.publish("{\"type\":\"marker\"}");

            List<String> carolGot = carolStream.until("marker", WAIT).stream().map(Received::type).toList();
            List<String> daveGot = daveStream.until("marker", WAIT).stream().map(Received::type).toList();
            assertTrue(carolGot.contains("for_carol"), carolGot.toString());
            assertFalse(carolGot.contains("for_dave"), carolGot.toString());
            assertTrue(daveGot.contains("for_dave"), daveGot.toString());
            assertFalse(daveGot.contains("for_carol"), daveGot.toString());
        }
    }

    @Test
    void sendToUsersReachesEachNamedUserAndNoOneElse() {
        String erin = Herald.unique("erin");
        String frank = Herald.unique("frank");
        String grace = Herald.unique("grace");
        try (SseClient e = connect(erin); SseClient f = connect(frank); SseClient g = connect(grace)) {
            List.of(e, f, g).forEach(stream -> stream.await("connection_established", WAIT));
            herald.publish("{\"type\":\"team_update\",\"data\":{\"n\":3},\"userIds\":[\"" + erin + "\",\"" + frank + "\"]}");
            herald.publish("{\"type\":\"marker\"}");

            Received forErin = e.await("team_update", WAIT);
            Received forFrank = f.await("team_update", WAIT);
            assertEquals(erin, forErin.json().path("userId").asText());
            assertEquals(frank, forFrank.json().path("userId").asText());
            assertFalse(g.until("marker", WAIT).stream().anyMatch(r -> r.type().equals("team_update")));
        }
    }

    @Test
    void sendToAllReachesEveryoneWithoutUserId() {
        String henry = Herald.unique("henry");
        String iris = Herald.unique("iris");
        try (SseClient h = connect(henry); SseClient i = connect(iris)) {
            h.await("connection_established", WAIT);
            i.await("connection_established", WAIT);
            herald.publish("{\"type\":\"system_notification\",\"data\":{\"message\":\"hello all\"}}");
            for (SseClient stream : List.of(h, i)) {
                Received received = stream.await("system_notification", WAIT);
                assertEquals("hello all", received.json().path("data").path("message").asText());
                assertTrue(received.json().path("userId").isMissingNode(), "broadcasts carry no userId");
            }
        }
    }

    @Test
    void typeFilterKeepsOnlyMatchingTypesButAlwaysHeartbeats() {
        String jack = Herald.unique("jack");
        try (SseClient stream = connect(jack, "?types=chat_*,alert")) {
            stream.await("connection_established", WAIT);
            for (String type : List.of("task_assigned", "chat_message", "alert", "chat_typing", "alerts", "chat")) {
                herald.publish("{\"type\":\"" + type + "\",\"userIds\":[\"" + jack + "\"]}");
            }
            herald.publish("{\"type\":\"alert\",\"data\":{\"last\":true},\"userIds\":[\"" + jack + "\"]}");

            List<String> passed = new ArrayList<>();
            Received received;
            do {
                received = stream.next(WAIT);
                if (!received.type().equals("heartbeat")) {
                    passed.add(received.type());
                }
            } while (!received.json().path("data").path("last").asBoolean());
            assertEquals(List.of("chat_message", "alert", "chat_typing", "alert"), passed);
            stream.await("heartbeat", WAIT);
        }
    }

    @Test
    void badTypeFilterIsA400ProblemNotAStream() {
        HttpResponse<String> response = Http.get(herald.api("sse/connect?types=a%20b"), Tokens.mint(Herald.unique("kim"), "user"));
        assertEquals(400, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(Http.json(response).path("detail").asText().contains("types"));
    }

    @Test
    void heartbeatsArriveWithoutId() {
        try (SseClient stream = connect(Herald.unique("liam"))) {
            Received heartbeat = stream.await("heartbeat", WAIT);
            assertNull(heartbeat.id(), "heartbeats have no id");
            assertFalse(heartbeat.json().path("timestamp").asText().isEmpty());
            stream.await("heartbeat", WAIT);
        }
    }

    @Test
    void statusReportsTheCallersOwnConnections() {
        String mia = Herald.unique("mia");
        String token = Tokens.mint(mia, "user");
        JsonNode before = Http.json(Http.get(herald.api("sse/status"), token));
        assertFalse(before.path("connected").asBoolean());
        assertEquals(0, before.path("connections").asInt());
        try (SseClient one = connect(mia); SseClient two = connect(mia)) {
            one.await("connection_established", WAIT);
            two.await("connection_established", WAIT);
            JsonNode during = Http.json(Http.get(herald.api("sse/status"), token));
            assertEquals(mia, during.path("userId").asText());
            assertTrue(during.path("connected").asBoolean());
            assertEquals(2, during.path("connections").asInt());
            assertEquals(1, during.path("heartbeatIntervalSeconds").asInt());
            Instant.parse(during.path("serverTime").asText());
        }
    }

    @Test
    void disconnectedClientIsRemovedFromTheRegistry() throws Exception {
        String noah = Herald.unique("noah");
        SseClient stream = connect(noah);
        stream.await("connection_established", WAIT);
        assertEquals(1, connectionsOf(noah).size());
        int totalBefore = Http.json(Http.get(herald.api("sse/connections"), herald.admin)).size();

        stream.close();
        // The server notices at the next write at the latest (a heartbeat every second here).
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!connectionsOf(noah).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(connectionsOf(noah).isEmpty(), "the closed client left the registry");
        assertTrue(Http.json(Http.get(herald.api("sse/connections"), herald.admin)).size() < totalBefore, "the count dropped");
    }

    @Test
    void adminListsAndClosesConnections() throws Exception {
        String olivia = Herald.unique("olivia");
        try (SseClient stream = connect(olivia)) {
            String connectionId = stream.await("connection_established", WAIT).json().path("data").path("connectionId").asText();
            List<JsonNode> mine = connectionsOf(olivia);
            assertEquals(1, mine.size());
            JsonNode info = mine.get(0);
            assertEquals(connectionId, info.path("id").asText());
            Instant.parse(info.path("connectedAt").asText());
            Instant.parse(info.path("lastActivity").asText());
            assertTrue(info.path("eventsSent").asLong() >= 1);
            assertFalse(info.path("remoteAddress").asText().isEmpty());
            assertTrue(info.path("userAgent").asText().contains("Java"));

            assertEquals(204, Http.delete(herald.api("sse/connections/" + connectionId), herald.admin).statusCode());
            assertTrue(stream.awaitEnd(WAIT), "the server ended the stream");
            assertTrue(connectionsOf(olivia).isEmpty());
            assertEquals(404, Http.delete(herald.api("sse/connections/" + connectionId), herald.admin).statusCode());
        }
    }

    @Test
    void publishRejectsBadInputWithProblemJson() {
        assertBadRequest("{\"type\":\"x\",", "Malformed JSON");
        assertBadRequest("{\"type\":\"x\",\"userId\":\"bob\"}", "Unknown field 'userId'");
        assertBadRequest("{\"data\":{}}", "Event type");
        assertBadRequest("{\"type\":\"has space\"}", "Event type");
        assertBadRequest("{\"type\":\"heartbeat\"}", "reserved");
        assertBadRequest("{\"type\":\"x\",\"userIds\":[]}", "userIds");
        assertBadRequest("{\"type\":\"x\",\"userIds\":[\" \"]}", "user id");
        assertBadRequest("{\"type\":\"x\",\"userIds\":[\"" + "u".repeat(10_000) + "\"]}", "user id");
        assertBadRequest("{\"type\":\"x\",\"userIds\":[\"bob\\ncarol\"]}", "user id");
        assertBadRequest("{\"type\":\"x\",\"userIds\":[\"../etc\"]}", "user id");
        assertBadRequest("{\"type\":\"x\",\"userIds\":\"bob\"}", "userIds");
    }

    @Test
    void aLastEventIdWithALineBreakIsAnUnknownIdNeverEchoed() {
        for (String bad : List.of("123%0A", "123%0D", "123%0D%0A", "%0Aid:%201", "12a", "-5", "99999999999999999999")) {
            String user = Herald.unique("quinn");
            try (SseClient stream = connect(user, "?lastEventId=" + bad)) {
                Received established = stream.await("connection_established", WAIT);
                assertNull(established.id(), bad + ": the client's value is not written back as an id");
                Received resync = stream.await("resync_required", WAIT);
                assertEquals("unknown event id", resync.json().path("data").path("reason").asText(), bad);
            }
        }
    }

    @Test
    void aResumedIdIsWrittenBackAsHeraldFormatsIt() {
        String user = Herald.unique("rosa");
        String lastId;
        try (SseClient first = connect(user)) {
            lastId = first.await("connection_established", WAIT).id();
        }
        try (SseClient again = connect(user, "?lastEventId=" + lastId)) {
            assertEquals(lastId, again.await("connection_established", WAIT).id());
        }
    }

    @Test
    void pathsLibertyRefusesGetAProblemBodyToo() {
        HttpResponse<String> response = Http.delete(herald.api("sse/connections/..%2F..%2Fetc"), herald.admin);
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""), response.body());
        assertEquals(400, Http.json(response).path("status").asInt());
    }

    private void assertBadRequest(String body, String detailContains) {
        HttpResponse<String> response = Http.post(herald.api("sse/publish"), herald.admin, body);
        assertEquals(400, response.statusCode(), body + " -> " + response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode problem = Http.json(response);
        assertEquals(400, problem.path("status").asInt());
        assertEquals("Bad Request", problem.path("title").asText());
        assertTrue(problem.path("type").asText().startsWith("urn:herald:problem:"));
        assertTrue(problem.path("detail").asText().contains(detailContains), body + " -> " + problem);
    }

    private List<JsonNode> connectionsOf(String user) {
        HttpResponse<String> response = Http.get(herald.api("sse/connections"), herald.admin);
        assertEquals(200, response.statusCode(), response.body());
        List<JsonNode> mine = new ArrayList<>();
        Http.json(response).forEach(node -> {
            if (node.path("userId").asText().equals(user)) {
                mine.add(node);
            }
        });
        return mine;
    }
}
