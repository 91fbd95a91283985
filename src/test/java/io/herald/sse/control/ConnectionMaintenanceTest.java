package io.herald.sse.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    void eachConnectionGetsOneHeartbeatAnIntervalEachTickItsShareSerialisedOnce() throws Exception {
        ConnectionMaintenance maintenance = maintenance("30m");
        assertEquals(ConnectionMaintenance.MAX_SLICES, maintenance.slices(), "the default 30 s cut into 30 moments");
        assertEquals(Duration.ofSeconds(1), maintenance.heartbeatTick());
        int count = 300;
        List<RecordingOutlet> outlets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RecordingOutlet outlet = new RecordingOutlet();
            outlets.add(outlet);
            // A type filter never keeps heartbeats out.
            maintenance.registry.open(new ConnectionRegistry.Request("u" + i, TypeFilter.parse("chat_*"), null, null, "ip", "ua"), outlet);
        }
        Set<Frame> frames = Collections.newSetFromMap(new IdentityHashMap<>());
        int mostInOneTick = 0;
        for (int tick = 0; tick < maintenance.slices(); tick++) {
            int before = heartbeats(outlets);
            maintenance.sendHeartbeats();
            int inThisTick = awaitHeartbeats(outlets, before);
            mostInOneTick = Math.max(mostInOneTick, inThisTick - before);
        }
        for (RecordingOutlet outlet : outlets) {
            List<Frame> received = outlet.written.stream().filter(frame -> frame.type().equals("heartbeat")).toList();
            assertEquals(1, received.size(), "one heartbeat per connection per interval");
            frames.add(received.get(0));
        }
        assertTrue(frames.size() <= maintenance.slices(), "one frame per tick, shared by its connections: " + frames.size());
        assertTrue(mostInOneTick < count / 5, "spread over the interval, not all at once: " + mostInOneTick + " in one tick");
        assertTrue(maintenance.heartbeatOnTime());
    }

    @Test
    void aShortIntervalIsCutIntoTicksOfAtLeastATenthOfASecond() {
        ConnectionMaintenance maintenance = maintenance(Map.of(SseConfig.HEARTBEAT_INTERVAL, "1s"));
        assertEquals(10, maintenance.slices());
        assertEquals(Duration.ofMillis(100), maintenance.heartbeatTick());
        ConnectionMaintenance tiny = maintenance(Map.of(SseConfig.HEARTBEAT_INTERVAL, "50ms"));
        assertEquals(1, tiny.slices());
        assertEquals(Duration.ofMillis(50), tiny.heartbeatTick());
    }

    private static int heartbeats(List<RecordingOutlet> outlets) {
        int total = 0;
        for (RecordingOutlet outlet : outlets) {
            total += (int) outlet.written.stream().filter(frame -> frame.type().equals("heartbeat")).count();
        }
        return total;
    }

    /** Waits until the writers have stopped adding heartbeats, and returns how many there are. */
    private static int awaitHeartbeats(List<RecordingOutlet> outlets, int before) throws InterruptedException {
        int seen = before;
        long quietSince = System.currentTimeMillis();
        while (System.currentTimeMillis() - quietSince < 100) {
            Thread.sleep(10);
            int now = heartbeats(outlets);
            if (now != seen) {
                seen = now;
                quietSince = System.currentTimeMillis();
            }
        }
        return seen;
    }

    @Test
    void cleanUpClosesGoneAndInactiveConnectionsOnly() throws Exception {
        ConnectionMaintenance maintenance = maintenance("200ms");
        RecordingOutlet gone = new RecordingOutlet();
        Connection goneConnection = maintenance.registry.open(new ConnectionRegistry.Request("gone", TypeFilter.everything(), null, null, "ip", "ua"), gone);
        gone.closed = true;
        assertEquals(1, maintenance.cleanUp());
        assertEquals(CloseReason.CLIENT_GONE, goneConnection.closeReason());

        RecordingOutlet idleOutlet = new RecordingOutlet();
        Connection idle = maintenance.registry.open(new ConnectionRegistry.Request("idle", TypeFilter.everything(), null, null, "ip", "ua"), idleOutlet);
        assertEquals(0, maintenance.cleanUp(), "not idle yet");
        Thread.sleep(300);
        // A whole interval of ticks, so that the idle connection's moment comes: heartbeats do not count as activity.
        for (int tick = 0; tick < maintenance.slices(); tick++) {
            maintenance.sendHeartbeats();
        }
        awaitHeartbeats(List.of(idleOutlet), 0);
        assertEquals(1, heartbeats(List.of(idleOutlet)), "the idle connection had its heartbeat");
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
