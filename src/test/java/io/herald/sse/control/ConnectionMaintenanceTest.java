package io.herald.sse.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionMaintenanceTest {

    private final ExecutorService writers = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        writers.shutdownNow();
    }

    private ConnectionMaintenance maintenance(String inactivity) {
        return maintenance(Map.of(SseConfig.INACTIVITY_TIMEOUT, inactivity));
    }

    private ConnectionMaintenance maintenance(Map<String, String> settings) {
        SseConfig config = SseConfig.of(settings);
        ConnectionRegistry registry = new ConnectionRegistry();
        registry.writers = writers;
        registry.config = config;
        ConnectionMaintenance maintenance = new ConnectionMaintenance();
        maintenance.registry = registry;
        maintenance.config = config;
        maintenance.events = TestLogs.inMemory(config, registry);
        return maintenance;
    }

    @Test
    void heartbeatsGoToEveryConnectionSerialisedOnce() throws Exception {
        ConnectionMaintenance maintenance = maintenance("30m");
        RecordingOutlet a = new RecordingOutlet();
        RecordingOutlet b = new RecordingOutlet();
        maintenance.registry.open(new ConnectionRegistry.Request("a", TypeFilter.parse("chat_*"), null, null, "ip", "ua"), a);
        maintenance.registry.open(new ConnectionRegistry.Request("b", TypeFilter.everything(), null, null, "ip", "ua"), b);

        maintenance.sendHeartbeats();

        long deadline = System.currentTimeMillis() + 5000;
        while ((a.written.size() < 2 || b.written.size() < 2) && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals("heartbeat", a.written.get(1).type());
        assertTrue(a.written.get(1) == b.written.get(1), "one frame shared by all connections");
        assertTrue(maintenance.heartbeatOnTime());
    }

    @Test
    void cleanUpClosesGoneAndInactiveConnectionsOnly() throws Exception {
        ConnectionMaintenance maintenance = maintenance("200ms");
        RecordingOutlet gone = new RecordingOutlet();
        Connection goneConnection = maintenance.registry.open(new ConnectionRegistry.Request("gone", TypeFilter.everything(), null, null, "ip", "ua"), gone);
        gone.closed = true;
        assertEquals(1, maintenance.cleanUp());
        assertEquals(CloseReason.CLIENT_GONE, goneConnection.closeReason());

        Connection idle = maintenance.registry.open(new ConnectionRegistry.Request("idle", TypeFilter.everything(), null, null, "ip", "ua"), new RecordingOutlet());
        assertEquals(0, maintenance.cleanUp(), "not idle yet");
        Thread.sleep(300);
        maintenance.sendHeartbeats(); // heartbeats do not count as activity
        Thread.sleep(50);
        assertEquals(1, maintenance.cleanUp());
        assertFalse(idle.isOpen());
        assertEquals(CloseReason.INACTIVE, idle.closeReason());
        assertEquals(0, maintenance.registry.count());
    }

    @Test
    void cleanUpClosesAStreamWhoseWriteHasNotFinishedForTheWriteTimeout() throws Exception {
        ConnectionMaintenance maintenance = maintenance(Map.of(SseConfig.WRITE_TIMEOUT, "1s"));
        RecordingOutlet full = new RecordingOutlet();
        Connection stalled = maintenance.registry.open(new ConnectionRegistry.Request("full", TypeFilter.everything(), null, null, "ip", "ua"), full);
        RecordingOutlet fine = new RecordingOutlet();
        Connection reading = maintenance.registry.open(new ConnectionRegistry.Request("fine", TypeFilter.everything(), null, null, "ip", "ua"), fine);
        long deadline = System.currentTimeMillis() + 5000;
        while (full.written.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        full.ready = false; // a client that stopped reading: the socket stays full
        stalled.offer(Frame.control("1", "e", Map.of(), "full", java.time.Instant.now()));
        // Waits on the stream's state, not on a sleep's length, so that a loaded machine cannot skip a step.
        while (stalled.stalledFor().isZero() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(stalled.stalledFor().compareTo(java.time.Duration.ofSeconds(1)) < 0);
        assertEquals(0, maintenance.cleanUp(), "not past the write timeout yet");
        while (stalled.stalledFor().compareTo(java.time.Duration.ofSeconds(1)) <= 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, maintenance.cleanUp());
        assertEquals(CloseReason.TOO_SLOW, stalled.closeReason());
        assertTrue(reading.isOpen());
    }
}
