package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.it.SseClient.Received;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that opens the stream and never reads must not hold up the publisher, the heartbeat
 * timer or any other client, and is dropped. (The test server's Liberty write timeout is 5 s.)
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SlowClientIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration LIBERTY_WRITE_TIMEOUT = Duration.ofSeconds(5);
    private static final int EVENTS = 600;
    private static final int READERS = 5;
    private static final String PADDING = "x".repeat(16 * 1024);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.herald("herald-slow");
    }

    @ArquillianResource
    URL base;

    private Herald herald;

    @BeforeEach
    void setUp() {
        herald = new Herald(base);
    }


    @Test
    void aClientThatNeverReadsDelaysNeitherThePublisherNorOtherClients() throws Exception {
        String stalled = "stalled-" + UUID.randomUUID();
        String readerUser = "reader-" + UUID.randomUUID();
        List<SseClient> readers = new ArrayList<>();
        try (Socket neverReads = openWithoutReading(stalled)) {
            for (int r = 0; r < READERS; r++) {
                SseClient reader = SseClient.connect(herald.api("sse/connect"), Tokens.mint(readerUser + "-" + r, "user"));
                readers.add(reader);
                reader.await("connection_established", WAIT);
            }
            assertTrue(awaitConnection(stalled).isPresent(), "the stalled client is connected");

            long slowestPublish = 0;
            boolean stalledFellBehind = false;
            for (int i = 0; i < EVENTS; i++) {
                long start = System.nanoTime();
                HttpResponse<String> response = Http.post(herald.api("sse/publish"), herald.admin,
                        "{\"type\":\"bulk\",\"data\":{\"i\":" + i + ",\"pad\":\"" + PADDING + "\"}}");
                slowestPublish = Math.max(slowestPublish, System.nanoTime() - start);
                assertEquals(202, response.statusCode());
                if (i % 100 == 99) {
                    stalledFellBehind |= connection(stalled).map(c -> c.path("queued").asInt() > 0).orElse(true);
                }
            }
            assertTrue(stalledFellBehind, "the test is meaningful only if the stalled client's writes blocked");
            assertTrue(Duration.ofNanos(slowestPublish).compareTo(LIBERTY_WRITE_TIMEOUT) < 0,
                    "a publish never waits for the stalled socket; slowest took " + Duration.ofNanos(slowestPublish));

            for (SseClient reader : readers) {
                for (int i = 0; i < EVENTS; i++) {
                    Received bulk = reader.await("bulk", WAIT);
                    assertEquals(i, bulk.json().path("data").path("i").asInt(), "every event, in order");
                }
            }
            // Heartbeats (1 s here) keep their pace for the readers while the stalled write is blocked.
            long heartbeatsStart = System.nanoTime();
            readers.get(0).await("heartbeat", Duration.ofSeconds(3));
            readers.get(0).await("heartbeat", Duration.ofSeconds(3));
            assertTrue(Duration.ofNanos(System.nanoTime() - heartbeatsStart).compareTo(Duration.ofSeconds(4)) < 0);

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (connection(stalled).isPresent() && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            assertTrue(connection(stalled).isEmpty(), "the stalled client was dropped");
            for (int r = 0; r < READERS; r++) {
                assertTrue(connection(readerUser + "-" + r).isPresent(), "reader " + r + " is still connected");
            }
        } finally {
            readers.forEach(SseClient::close);
        }
    }

    /** Sends the request by hand with a tiny receive window, then never reads a byte. */
    private Socket openWithoutReading(String user) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()));
        String request = "GET " + herald.api("sse/connect").getRawPath() + " HTTP/1.1\r\n"
                + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Accept: text/event-stream\r\n"
                + "Authorization: Bearer " + Tokens.mint(user, "user") + "\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private Optional<JsonNode> awaitConnection(String user) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Optional<JsonNode> found = connection(user);
        while (found.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            found = connection(user);
        }
        return found;
    }

    private Optional<JsonNode> connection(String user) {
        HttpResponse<String> response = Http.get(herald.api("sse/connections"), herald.admin);
        assertEquals(200, response.statusCode());
        for (JsonNode node : Http.json(response)) {
            if (node.path("userId").asText().equals(user)) {
                return Optional.of(node);
            }
        }
        return Optional.empty();
    }
}
