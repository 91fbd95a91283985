package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.sse.boundary.SseService;
import io.herald.sse.entity.Audience;
import io.herald.sse.entity.SseEvent;
import io.herald.sse.entity.SseEventPublished;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.transaction.UserTransaction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.naming.InitialContext;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Java API inside the server: in-process streams, the CDI publish path and transactions. */
@ExtendWith(ArquillianExtension.class)
class SseServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** How long a test watches for an event that must not come before it checks with a marker. */
    private static final Duration QUIET = Duration.ofMillis(500);

    @Deployment
    static WebArchive deployment() {
        // No heartbeats during these tests: they would take the demand and the quiet periods checked here.
        return Deployments.herald("herald-service", Map.of("herald.sse.heartbeat-interval", "1h"),
                SseServiceIT.class, Collector.class);
    }

    // Looked up when a test runs: JUnit also creates the instance outside the server.
    private SseService sse;

    @BeforeEach
    void lookUp() {
        sse = CDI.current().select(SseService.class).get();
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID();
    }

    private Collector subscribe(String userId) throws InterruptedException {
        return Collector.subscribe(sse, userId, WAIT);
    }

    @Test
    void createConnectionReceivesEventsLikeAnHttpClient() throws Exception {
        String userId = unique("test-user");
        Collector stream = subscribe(userId);
        assertTrue(sse.hasConnection(userId));
        assertTrue(sse.getConnectionCount() >= 1);
        assertTrue(sse.getActiveConnections().stream().anyMatch(c -> c.userId().equals(userId)));

        sse.sendToUser(userId, "test_event", Map.of("message", "test"));

        SseEvent received = stream.await("test_event", WAIT);
        assertEquals("test_event", received.type());
        assertEquals("test", received.data().path("message").asText());
        assertEquals(userId, received.userId());
        assertNotNull(received.id());
        assertNotNull(received.timestamp());
    }

    @Test
    void sendToUserReachesOnlyThatUser() throws Exception {
        String anna = unique("anna");
        String ben = unique("ben");
        Collector annaStream = subscribe(anna);
        Collector benStream = subscribe(ben);

        sse.sendToUser(anna, "for_anna", Map.of());
        sse.sendToUser(ben, "for_ben", Map.of());
        sse.sendToAll("marker", Map.of());

        List<String> annaGot = annaStream.until("marker", WAIT).stream().map(SseEvent::type).toList();
        List<String> benGot = benStream.until("marker", WAIT).stream().map(SseEvent::type).toList();
        assertEquals(List.of("for_anna", "marker"), annaGot);
        assertEquals(List.of("for_ben", "marker"), benGot);
    }

    @Test
    void sendToUsersAndSendToAll() throws Exception {
        String a = unique("a");
        String b = unique("b");
        String c = unique("c");
        Collector as = subscribe(a);
        Collector bs = subscribe(b);
        Collector cs = subscribe(c);

        sse.sendToUsers(List.of(a, b), "bulk_notification", Map.of("message", "maintenance"));
        sse.sendToAll("system_announcement", Map.of("message", "down at 2am"));

        assertEquals(List.of("bulk_notification", "system_announcement"), as.until("system_announcement", WAIT).stream().map(SseEvent::type).toList());
        assertEquals(List.of("bulk_notification", "system_announcement"), bs.until("system_announcement", WAIT).stream().map(SseEvent::type).toList());
        SseEvent broadcast = cs.until("system_announcement", WAIT).get(0);
        assertEquals("system_announcement", broadcast.type(), "c got nothing before the broadcast");
        assertNull(broadcast.userId());
    }

    @Test
    void aRolledBackTransactionDeliversNothingAndACommittedOneDeliversAfterCommit() throws Exception {
        String userId = unique("tx-user");
        Collector stream = subscribe(userId);
        UserTransaction tx = InitialContext.doLookup("java:comp/UserTransaction");

        tx.begin();
        sse.sendToUser(userId, "rolled_back", Map.of());
        tx.rollback();
        sse.sendToUser(userId, "marker", Map.of());
        assertEquals(List.of("marker"), stream.until("marker", WAIT).stream().map(SseEvent::type).toList());

        tx.begin();
        sse.sendToUser(userId, "committed", Map.of());
        assertNull(stream.poll(QUIET), "nothing is delivered before the commit");
        tx.commit();
        assertEquals("committed", stream.await("committed", WAIT).type());
    }

    @Test
    void anyModuleMayFireTheCdiEventItself() throws Exception {
        String userId = unique("cdi-user");
        Collector stream = subscribe(userId);
        Event<SseEventPublished> events = CDI.current().select(new TypeLiteral<Event<SseEventPublished>>() { }).get();

        events.fire(SseEventPublished.to(Audience.user(userId), "task_assigned", Map.of("task", "T-1")));

        assertEquals("T-1", stream.await("task_assigned", WAIT).data().path("task").asText());
    }

    @Test
    void typeFilterAppliesToInProcessStreams() throws Exception {
        String userId = unique("filtered");
        Collector stream = new Collector();
        sse.createConnection(userId, "chat_*").subscribe(stream);
        sse.sendToUser(userId, "task_assigned", Map.of());
        sse.sendToUser(userId, "chat_message", Map.of());
        List<String> got = stream.until("chat_message", WAIT).stream().map(SseEvent::type).toList();
        assertEquals(List.of("connection_established", "chat_message"), got);
    }

    @Test
    void demandIsHonouredAndCancelClosesTheConnection() throws Exception {
        String userId = unique("demand");
        Collector stream = new Collector(1);
        sse.createConnection(userId).subscribe(stream);
        assertEquals("connection_established", stream.await("connection_established", WAIT).type());
        sse.sendToUser(userId, "second", Map.of());
        assertNull(stream.poll(QUIET), "no event without demand");
        stream.subscription().request(1);
        assertEquals("second", stream.await("second", WAIT).type());

        stream.subscription().cancel();
        assertFalse(sse.hasConnection(userId), "cancel removes the connection at once");
    }

    @Test
    void invalidCallsFailFastWithoutTouchingOthers() {
        assertThrows(IllegalArgumentException.class, () -> sse.sendToUser(null, "x", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> sse.sendToUser(" ", "x", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> sse.sendToUser("u", "heartbeat", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> sse.sendToUsers(List.of(), "x", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> sse.sendToAll("bad type", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> sse.createConnection("u", "bad pattern!"));
    }
}
