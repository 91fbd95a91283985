package io.herald.sse.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.sse.entity.SseEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry and its connections, with real writer threads and test outlets. */
class ConnectionRegistryTest {

    private static final int CAPACITY = 5;

    private ExecutorService writers;
    private ConnectionRegistry registry;

    @BeforeEach
    void setUp() {
        writers = Executors.newCachedThreadPool();
        registry = new ConnectionRegistry();
        registry.writers = writers;
        registry.config = SseConfig.of("30s", "60s", "30m", "5s", CAPACITY);
        registry.ids = new EventIds();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        writers.shutdownNow();
        writers.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static Frame event(String type, String userId) {
        return Frame.of(new SseEvent("1", type, Map.of(), userId, Instant.now()));
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(10);
        }
    }

    @Test
    void connectionsAreIndexedByUserAndStartWithConnectionEstablished() throws Exception {
        RecordingOutlet alice = new RecordingOutlet();
        RecordingOutlet bob = new RecordingOutlet();
        Connection a = registry.open("alice", TypeFilter.everything(), alice, "127.0.0.1", "test");
        registry.open("bob", TypeFilter.everything(), bob, "127.0.0.1", "test");

        assertEquals(2, registry.count());
        assertEquals(List.of(a), List.copyOf(registry.forUser("alice")));
        assertEquals(1, registry.countFor("bob"));
        assertTrue(registry.forUser("nobody").isEmpty());
        assertEquals(a, registry.find(a.id()).orElseThrow());

        eventually(() -> alice.written.size() == 1);
        Frame established = alice.written.get(0);
        assertEquals("connection_established", established.type());
        assertTrue(established.json().contains("\"heartbeatIntervalSeconds\":30"), established.json());
        assertTrue(established.json().contains("\"connectionId\":\"" + a.id() + "\""), established.json());
    }

    @Test
    void framesArriveInOrderAndCountAsActivity() throws Exception {
        RecordingOutlet outlet = new RecordingOutlet();
        Connection connection = registry.open("carol", TypeFilter.everything(), outlet, "ip", "ua");
        Instant opened = connection.lastActivity();
        Thread.sleep(5);
        for (int i = 0; i < 3; i++) {
            assertTrue(connection.offer(event("e" + i, "carol")));
        }
        eventually(() -> outlet.written.size() == 4);
        assertEquals(List.of("connection_established", "e0", "e1", "e2"), outlet.types());
        assertEquals(4, connection.info().eventsSent());
        assertTrue(connection.lastActivity().isAfter(opened));
    }

    @Test
    void heartbeatsAreNotActivity() throws Exception {
        RecordingOutlet outlet = new RecordingOutlet();
        Connection connection = registry.open("dan", TypeFilter.everything(), outlet, "ip", "ua");
        eventually(() -> outlet.written.size() == 1);
        Instant before = connection.lastActivity();
        connection.offer(Frame.of(new SseEvent(null, "heartbeat", Map.of(), null, Instant.now())));
        eventually(() -> outlet.written.size() == 2);
        assertEquals(before, connection.lastActivity());
        assertEquals(1, connection.info().eventsSent());
    }

    @Test
    void theTypeFilterDecidesWhatIsQueued() throws Exception {
        RecordingOutlet outlet = new RecordingOutlet();
        Connection connection = registry.open("erin", TypeFilter.parse("chat_*"), outlet, "ip", "ua");
        assertFalse(connection.offer(event("task_assigned", "erin")));
        assertTrue(connection.offer(event("chat_message", "erin")));
        eventually(() -> outlet.written.size() == 2);
        assertEquals(List.of("connection_established", "chat_message"), outlet.types());
    }

    @Test
    void aClientThatFallsCapacityBehindIsClosedAndRemovedWithoutBlockingTheCaller() throws Exception {
        RecordingOutlet stuck = new RecordingOutlet();
        stuck.blockWrites = true;
        Connection connection = registry.open("slow", TypeFilter.everything(), stuck, "ip", "ua");
        stuck.writing.await(5, TimeUnit.SECONDS); // the writer holds connection_established

        for (int i = 0; i < CAPACITY; i++) {
            assertTrue(connection.offer(event("e" + i, "slow")), "within capacity");
        }
        assertFalse(connection.offer(event("one-too-many", "slow")));
        assertFalse(connection.isOpen());
        assertEquals(CloseReason.TOO_SLOW, connection.closeReason());
        assertEquals(0, registry.count());
        eventually(() -> stuck.closed);
        stuck.release.countDown();
    }

    @Test
    void aFailedWriteMeansTheClientIsGone() throws Exception {
        RecordingOutlet gone = new RecordingOutlet();
        Connection connection = registry.open("gone", TypeFilter.everything(), gone, "ip", "ua");
        eventually(() -> gone.written.size() == 1);
        gone.failWith = new IOException("Broken pipe");
        connection.offer(event("e", "gone"));
        eventually(() -> !connection.isOpen());
        assertEquals(CloseReason.CLIENT_GONE, connection.closeReason());
        assertTrue(registry.forUser("gone").isEmpty());
    }

    @Test
    void aStalledWriteMeansTheClientIsTooSlow() throws Exception {
        RecordingOutlet stalled = new RecordingOutlet();
        Connection connection = registry.open("stalled", TypeFilter.everything(), stalled, "ip", "ua");
        eventually(() -> stalled.written.size() == 1);
        stalled.failWith = new TimeoutException("write stalled");
        connection.offer(event("e", "stalled"));
        eventually(() -> !connection.isOpen());
        assertEquals(CloseReason.TOO_SLOW, connection.closeReason());
    }

    @Test
    void closingIsIdempotentAndReleasesTheOutlet() throws Exception {
        RecordingOutlet outlet = new RecordingOutlet();
        Connection connection = registry.open("fay", TypeFilter.everything(), outlet, "ip", "ua");
        connection.close(CloseReason.CLOSED_BY_ADMIN);
        connection.close(CloseReason.CLIENT_GONE);
        assertEquals(CloseReason.CLOSED_BY_ADMIN, connection.closeReason());
        assertFalse(connection.offer(event("late", "fay")));
        eventually(() -> outlet.closed);
        assertEquals(0, registry.count());
    }

    @Test
    void stoppingClosesEverythingAndRefusesNewConnections() throws Exception {
        RecordingOutlet one = new RecordingOutlet();
        RecordingOutlet two = new RecordingOutlet();
        registry.open("g", TypeFilter.everything(), one, "ip", "ua");
        registry.open("h", TypeFilter.everything(), two, "ip", "ua");

        registry.closeAll();

        assertEquals(0, registry.count());
        assertFalse(registry.isAccepting());
        eventually(() -> one.closed && two.closed);
        assertThrows(IllegalStateException.class,
                () -> registry.open("i", TypeFilter.everything(), new RecordingOutlet(), "ip", "ua"));
    }

    @Test
    void manyConnectionsOpeningAndClosingConcurrentlyLeaveNothingBehind() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 2000; i++) {
            String user = "user-" + (i % 50);
            clients.execute(() -> registry.open(user, TypeFilter.everything(), new RecordingOutlet(), "ip", "ua")
                    .close(CloseReason.CLIENT_GONE));
        }
        clients.shutdown();
        assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(0, registry.count());
        for (int u = 0; u < 50; u++) {
            assertTrue(registry.forUser("user-" + u).isEmpty());
        }
    }
}
