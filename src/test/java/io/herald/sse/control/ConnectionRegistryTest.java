package io.herald.sse.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.sse.entity.ConnectionRefusedException;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry and its connections, with real writer threads and test outlets. */
class ConnectionRegistryTest {

    private static final int CAPACITY = 5;

    private ExecutorService writers;
    private ScheduledExecutorService scheduler;
    private ConnectionRegistry registry;
    private InMemoryEventLog log;

    @BeforeEach
    void setUp() {
        setUp(Map.of(SseConfig.QUEUE_CAPACITY, String.valueOf(CAPACITY)));
    }

    private void setUp(Map<String, String> settings) {
        writers = Executors.newCachedThreadPool();
        scheduler = Executors.newSingleThreadScheduledExecutor();
        registry = new ConnectionRegistry();
        registry.writers = writers;
        registry.scheduler = scheduler;
        registry.config = SseConfig.of(settings);
        log = TestLogs.inMemory(registry.config, registry);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        scheduler.shutdownNow();
        writers.shutdownNow();
        writers.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static Frame event(String type, String userId) {
        return Frame.control("1", type, Map.of(), userId, Instant.now());
    }

    private Connection open(String user, TypeFilter filter, Outlet outlet) {
        return registry.open(new ConnectionRegistry.Request(user, filter, null, null, "127.0.0.1", "test"), outlet);
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
        Connection a = open("alice", TypeFilter.everything(), alice);
        open("bob", TypeFilter.everything(), bob);

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
    void aStreamThatOpensWhileTheUsersLastOneClosesIsStillFoundByUser() throws Exception {
        // The close empties the user's set and drops it from the index; the open must not add its
        // connection to that dropped set, or events to the user never reach it (DeliveryGuaranteesIT
        // saw it: a reconnect's stream got heartbeats and nothing addressed to its user).
        ExecutorService racers = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 5_000; i++) {
                String user = "racer-" + i;
                Connection leaving = open(user, TypeFilter.everything(), new RecordingOutlet());
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
                var closed = racers.submit(() -> {
                    start.await();
                    leaving.close(CloseReason.CLIENT_GONE);
                    return null;
                });
                var opened = racers.submit(() -> {
                    start.await();
                    return open(user, TypeFilter.everything(), new RecordingOutlet());
                });
                closed.get(5, TimeUnit.SECONDS);
                Connection arriving = opened.get(5, TimeUnit.SECONDS);
                assertEquals(List.of(arriving), List.copyOf(registry.forUser(user)), "after " + i + " rounds");
                arriving.close(CloseReason.CLIENT_GONE);
            }
        } finally {
            racers.shutdownNow();
        }
    }

    @Test
    void framesArriveInOrderAndCountAsActivity() throws Exception {
        RecordingOutlet outlet = new RecordingOutlet();
        Connection connection = open("carol", TypeFilter.everything(), outlet);
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
    void framesQueuedWhileAWriteIsUnderWayGoOutInOneFlush() throws Exception {
        RecordingOutlet outlet = new RecordingOutlet();
        outlet.blockWrites = true;
        Connection connection = open("dora", TypeFilter.everything(), outlet);
        outlet.writing.await(5, TimeUnit.SECONDS); // the writer holds connection_established
        for (int i = 0; i < 4; i++) {
            assertTrue(connection.offer(event("e" + i, "dora")));
        }
        outlet.release.countDown();
        eventually(() -> outlet.written.size() == 5 && outlet.flushes > 0);
        assertEquals(List.of(5), outlet.writtenAtFlush, "one flush after the five frames");
        assertTrue(connection.offer(event("e4", "dora")));
        eventually(() -> outlet.flushes == 2);
        assertEquals(List.of(5, 6), outlet.writtenAtFlush);
    }

    /** A stream whose first write is held while {@code events} frames queue behind it; then released. */
    private RecordingOutlet backlogOf(int events, String user) throws Exception {
        setUp(Map.of(SseConfig.QUEUE_CAPACITY, "1000"));
        RecordingOutlet outlet = new RecordingOutlet();
        outlet.blockWrites = true;
        Connection connection = open(user, TypeFilter.everything(), outlet);
        outlet.writing.await(5, TimeUnit.SECONDS);
        for (int i = 0; i < events; i++) {
            assertTrue(connection.offer(event("e" + i, user)));
        }
        outlet.release.countDown();
        return outlet;
    }

    @Test
    void aLongBacklogIsFlushedEveryBatch() throws Exception {
        RecordingOutlet outlet = backlogOf(3 * Connection.MAX_BATCH, "erin");
        eventually(() -> outlet.written.size() == 3 * Connection.MAX_BATCH + 1 && outlet.flushes == 4);
        assertEquals(List.of(Connection.MAX_BATCH, 2 * Connection.MAX_BATCH, 3 * Connection.MAX_BATCH,
                3 * Connection.MAX_BATCH + 1), outlet.writtenAtFlush);
    }

    @Test
    void anOutletThatCannotTakeMoreKeepsFramesQueuedUntilItSaysReady() throws Exception {
        RecordingOutlet outlet = new RecordingOutlet();
        Connection connection = open("gil", TypeFilter.everything(), outlet);
        eventually(() -> outlet.written.size() == 1);
        outlet.ready = false; // the socket is full: Liberty's isReady() says no
        assertTrue(connection.offer(event("e0", "gil")));
        assertTrue(connection.offer(event("e1", "gil")));
        Thread.sleep(100);
        assertEquals(1, outlet.written.size(), "nothing is written while the outlet is not ready");
        assertEquals(2, connection.info().queued());
        assertTrue(connection.stalledFor().compareTo(java.time.Duration.ZERO) > 0);

        outlet.becomeReady(); // onWritePossible
        eventually(() -> outlet.written.size() == 3);
        assertEquals(List.of("connection_established", "e0", "e1"), outlet.types());
        assertEquals(List.of(1, 3), outlet.writtenAtFlush, "both queued frames in one write");
        eventually(() -> connection.stalledFor().isZero());
        assertTrue(connection.isOpen());
    }

    @Test
    void anOutletThatReportsATimedOutWriteClosesTheStreamAsTooSlowAndAnErrorAsGone() throws Exception {
        RecordingOutlet slow = new RecordingOutlet();
        Connection slowConnection = open("hal", TypeFilter.everything(), slow);
        slow.listener.failed(new java.net.SocketTimeoutException("write timed out"));
        assertEquals(CloseReason.TOO_SLOW, slowConnection.closeReason());

        RecordingOutlet gone = new RecordingOutlet();
        Connection goneConnection = open("ida", TypeFilter.everything(), gone);
        gone.listener.failed(new IOException("Connection reset by peer"));
        assertEquals(CloseReason.CLIENT_GONE, goneConnection.closeReason());
        assertEquals(0, registry.count());
    }

    @Test
    void aBacklogLongerThanATurnIsWrittenInTurnsWholeAndInOrder() throws Exception {
        int events = 3 * Connection.BATCHES_PER_TURN * Connection.MAX_BATCH;
        RecordingOutlet outlet = backlogOf(events, "jan");
        eventually(() -> outlet.written.size() == events + 1);
        for (int i = 0; i < events; i++) {
            assertEquals("e" + i, outlet.written.get(i + 1).type());
        }
        assertEquals(events / Connection.MAX_BATCH + 1, outlet.flushes, "one write per batch of MAX_BATCH");
    }

    @Test
    void anOutletThatStartsLaterGetsNothingUntilStartedThenItsFirstFramesOnTheStartingThread() throws Exception {
        AtomicInteger tasks = new AtomicInteger();
        registry.writers = task -> {
            tasks.incrementAndGet();
            writers.execute(task);
        };
        List<Thread> writingThreads = new CopyOnWriteArrayList<>();
        RecordingOutlet outlet = new RecordingOutlet() {
            @Override
            public boolean startsLater() {
                return true;
            }

            @Override
            public void write(Frame frame) throws Exception {
                writingThreads.add(Thread.currentThread());
                super.write(frame);
            }
        };
        Connection connection = open("gus", TypeFilter.everything(), outlet);
        assertTrue(connection.offer(event("chat_message", "gus")));
        assertTrue(connection.offer(event("task_assigned", "gus")));
        assertTrue(connection.offer(Frame.control(null, "heartbeat", Map.of(), null, Instant.now())));

        assertEquals(0, tasks.get(), "no writer task before the start");
        assertEquals(List.of(), outlet.written);

        connection.start();
        assertEquals(List.of("connection_established", "chat_message", "task_assigned", "heartbeat"), outlet.types());
        assertEquals(List.of(4), outlet.writtenAtFlush, "one write for everything queued before the start");
        assertEquals(List.of(Thread.currentThread()), writingThreads.stream().distinct().toList());
        assertEquals(0, tasks.get(), "written without a hand-off");

        connection.start(); // a second start changes nothing
        assertTrue(connection.offer(event("alert", "gus")));
        eventually(() -> outlet.written.size() == 5);
        assertEquals(1, tasks.get(), "after the start, frames go to the writers");
    }

    @Test
    void aClientThatLeavesBeforeItsStreamStartsIsClosedAtItsFirstWriteAndLeavesTheRegistry() {
        RecordingOutlet outlet = new RecordingOutlet() {
            @Override
            public boolean startsLater() {
                return true;
            }
        };
        outlet.failWith = new IOException("the client left");
        Connection connection = open("fred", TypeFilter.everything(), outlet);
        assertTrue(connection.isOpen());
        assertEquals(1, registry.count());

        connection.start();
        assertFalse(connection.isOpen());
        assertEquals(CloseReason.CLIENT_GONE, connection.closeReason());
        assertEquals(0, registry.count());
    }

    @Test
    void heartbeatsAreNotActivity() throws Exception {
        RecordingOutlet outlet = new RecordingOutlet();
        Connection connection = open("dan", TypeFilter.everything(), outlet);
        eventually(() -> outlet.written.size() == 1);
        Instant before = connection.lastActivity();
        connection.offer(Frame.control(null, "heartbeat", Map.of(), null, Instant.now()));
        eventually(() -> outlet.written.size() == 2);
        assertEquals(before, connection.lastActivity());
        assertEquals(1, connection.info().eventsSent());
    }

    @Test
    void theTypeFilterDecidesWhatIsQueued() throws Exception {
        RecordingOutlet outlet = new RecordingOutlet();
        Connection connection = open("erin", TypeFilter.parse("chat_*"), outlet);
        assertFalse(connection.offer(event("task_assigned", "erin")));
        assertTrue(connection.offer(event("chat_message", "erin")));
        eventually(() -> outlet.written.size() == 2);
        assertEquals(List.of("connection_established", "chat_message"), outlet.types());
    }

    @Test
    void aClientThatFallsCapacityBehindIsClosedAndRemovedWithoutBlockingTheCaller() throws Exception {
        RecordingOutlet stuck = new RecordingOutlet();
        stuck.blockWrites = true;
        Connection connection = open("slow", TypeFilter.everything(), stuck);
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
        Connection connection = open("gone", TypeFilter.everything(), gone);
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
        Connection connection = open("stalled", TypeFilter.everything(), stalled);
        eventually(() -> stalled.written.size() == 1);
        stalled.failWith = new TimeoutException("write stalled");
        connection.offer(event("e", "stalled"));
        eventually(() -> !connection.isOpen());
        assertEquals(CloseReason.TOO_SLOW, connection.closeReason());
    }

    @Test
    void closingIsIdempotentAndReleasesTheOutlet() throws Exception {
        RecordingOutlet outlet = new RecordingOutlet();
        Connection connection = open("fay", TypeFilter.everything(), outlet);
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
        open("g", TypeFilter.everything(), one);
        open("h", TypeFilter.everything(), two);

        registry.drainAll();

        assertEquals(0, registry.count());
        assertFalse(registry.isAccepting());
        eventually(() -> one.closed && two.closed);
        assertThrows(ConnectionRefusedException.class,
                () -> open("i", TypeFilter.everything(), new RecordingOutlet()));
    }

    @Test
    void manyConnectionsOpeningAndClosingConcurrentlyLeaveNothingBehind() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 2000; i++) {
            String user = "user-" + (i % 50);
            clients.execute(() -> open(user, TypeFilter.everything(), new RecordingOutlet())
                    .close(CloseReason.CLIENT_GONE));
        }
        clients.shutdown();
        assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(0, registry.count());
        for (int u = 0; u < 50; u++) {
            assertTrue(registry.forUser("user-" + u).isEmpty());
        }
    }

    private Frame published(String type, String userId) {
        Frame frame = Frame.of(log.ids.next(), type, "{}", userId, Instant.now());
        log.history.append(frame);
        log.fanout.deliver(frame);
        return frame;
    }

    private Connection resume(String user, String lastEventId, Outlet outlet) {
        return registry.open(new ConnectionRegistry.Request(user, TypeFilter.everything(), lastEventId, null, "ip", "ua"), outlet);
    }

    @Test
    void aResumingClientGetsWhatItMissedThenLiveEventsKeepingItsPosition() throws Exception {
        RecordingOutlet first = new RecordingOutlet();
        Connection before = open("gina", TypeFilter.everything(), first);
        Frame seen = published("seen", "gina");
        eventually(() -> first.written.size() == 2);
        before.close(CloseReason.CLIENT_GONE);

        published("missed-1", "gina");
        published("missed-2", null);
        RecordingOutlet again = new RecordingOutlet();
        resume("gina", seen.id(), again);
        published("live", "gina");

        eventually(() -> again.written.size() == 4);
        assertEquals(List.of("connection_established", "missed-1", "missed-2", "live"), again.types());
        assertEquals(seen.id(), again.written.get(0).id(), "connection_established keeps the client's position");
    }

    @Test
    void aClientAheadOfThisNodeDoesNotGetWhatItHasAgain() throws Exception {
        RecordingOutlet outlet = new RecordingOutlet();
        Connection connection = new Connection("c", "ada", TypeFilter.everything(), outlet,
                new Connection.Wiring(writers, 100, 1 << 20, java.time.Clock.systemUTC(), c -> { }, () -> { }, SseMetrics.NONE, new ConnectionLog()), "ip", "ua");
        connection.hold();
        connection.offer(Frame.at("e.0.4", 4, "four", "{}", "ada", Instant.now())); // this node's consumer lags
        connection.release(List.of(), 5); // the client saw offset 5 on another node
        connection.offer(Frame.at("e.0.5", 5, "five", "{}", "ada", Instant.now()));
        connection.offer(Frame.at("e.0.6", 6, "six", "{}", "ada", Instant.now()));
        eventually(() -> outlet.written.size() == 1);
        Thread.sleep(50);
        assertEquals(List.of("six"), outlet.types());
    }

    @Test
    void liveEventsHeldDuringAResumeAreNotSentTwice() throws Exception {
        RecordingOutlet outlet = new RecordingOutlet();
        Connection connection = new Connection("c", "hal", TypeFilter.everything(), outlet,
                new Connection.Wiring(writers, 100, 1 << 20, java.time.Clock.systemUTC(), c -> { }, () -> { }, SseMetrics.NONE, new ConnectionLog()), "ip", "ua");
        Frame one = Frame.of("1", "one", "{}", "hal", Instant.now());
        Frame two = Frame.of("2", "two", "{}", "hal", Instant.now());
        Frame three = Frame.of("3", "three", "{}", "hal", Instant.now());
        connection.hold();
        connection.offer(two);   // published while the replay was read: in the history too
        connection.offer(three); // published after the replay was read
        connection.release(List.of(one, two), -1);
        eventually(() -> outlet.written.size() == 3);
        Thread.sleep(50);
        assertEquals(List.of("one", "two", "three"), outlet.types());
    }

    @Test
    void anIdTheHistoryCannotCoverStartsWithResyncRequired() throws Exception {
        RecordingOutlet tooOld = new RecordingOutlet();
        resume("ivy", String.valueOf(log.ids.firstOfThisRun() - 1_000_000), tooOld);
        eventually(() -> tooOld.written.size() == 2);
        assertEquals(List.of("connection_established", "resync_required"), tooOld.types());

        RecordingOutlet garbage = new RecordingOutlet();
        resume("ivy", "not-a-number", garbage);
        eventually(() -> garbage.written.size() == 2);
        assertEquals("resync_required", garbage.written.get(1).type());
        assertTrue(garbage.written.get(1).json().contains("unknown event id"));
    }

    @Test
    void limitsRefuseTheNewConnectionNotTheOldOnes() {
        tearDownQuietly();
        setUp(Map.of(SseConfig.MAX_CONNECTIONS_PER_USER, "2", SseConfig.MAX_CONNECTIONS, "3"));
        Connection first = open("jo", TypeFilter.everything(), new RecordingOutlet());
        open("jo", TypeFilter.everything(), new RecordingOutlet());
        ConnectionRefusedException perUser = assertThrows(ConnectionRefusedException.class,
                () -> open("jo", TypeFilter.everything(), new RecordingOutlet()));
        assertTrue(perUser.perUser());
        assertTrue(first.isOpen(), "the oldest tab keeps its stream");

        open("kay", TypeFilter.everything(), new RecordingOutlet());
        ConnectionRefusedException full = assertThrows(ConnectionRefusedException.class,
                () -> open("lee", TypeFilter.everything(), new RecordingOutlet()));
        assertFalse(full.perUser());
        assertEquals(java.time.Duration.ofSeconds(10), full.retryAfter());
    }

    @Test
    void simultaneousConnectsOfOneUserDoNotPassThePerUserLimit() throws Exception {
        // A browser restoring its tabs opens them all at once: each check of the count before the
        // add let them all through (the limit was passed by as many connects as were in flight).
        tearDownQuietly();
        setUp(Map.of(SseConfig.MAX_CONNECTIONS_PER_USER, "3", SseConfig.MAX_CONNECTIONS, "1000"));
        for (int round = 0; round < 300; round++) {
            String user = "tabs-" + round;
            List<Connection> opened = connectAtOnce(8, i -> user);
            assertEquals(3, opened.size(), "round " + round + ": connections admitted of 8 simultaneous");
            assertEquals(3, registry.countFor(user), "round " + round);
            opened.forEach(c -> c.close(CloseReason.CLIENT_GONE));
            eventually(() -> registry.countFor(user) == 0);
        }
        assertEquals(0, registry.count());
        assertEquals(3, connectAtOnce(3, i -> "after").size(), "every place was given back");
    }

    @Test
    void simultaneousConnectsDoNotPassTheServerLimit() throws Exception {
        tearDownQuietly();
        setUp(Map.of(SseConfig.MAX_CONNECTIONS_PER_USER, "10", SseConfig.MAX_CONNECTIONS, "4"));
        for (int round = 0; round < 300; round++) {
            int r = round;
            List<Connection> opened = connectAtOnce(8, i -> "user-" + r + "-" + i);
            assertEquals(4, opened.size(), "round " + round + ": connections admitted of 8 simultaneous");
            assertEquals(4, registry.count(), "round " + round);
            opened.forEach(c -> c.close(CloseReason.CLIENT_GONE));
            eventually(() -> registry.count() == 0);
        }
    }

    @Test
    void aConnectThatFailsBeforeItIsRegisteredGivesItsPlaceBack() {
        tearDownQuietly();
        setUp(Map.of(SseConfig.MAX_CONNECTIONS_PER_USER, "1", SseConfig.MAX_CONNECTIONS, "1"));
        RecordingOutlet broken = new RecordingOutlet() {
            @Override
            public void listen(Outlet.Listener listener) {
                throw new IllegalStateException("the response was already closed");
            }
        };
        assertThrows(IllegalStateException.class, () -> open("nia", TypeFilter.everything(), broken));
        assertEquals(0, registry.count());
        assertEquals(0, registry.openOutlets());

        EventLog working = registry.events;
        registry.events = (EventLog) java.lang.reflect.Proxy.newProxyInstance(EventLog.class.getClassLoader(),
                new Class<?>[] {EventLog.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("head")) {
                        throw new io.herald.sse.entity.EventLogUnavailableException("Kafka cannot be reached",
                                java.time.Duration.ofSeconds(5));
                    }
                    try {
                        return method.invoke(working, arguments);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        RecordingOutlet unanswered = new RecordingOutlet();
        assertThrows(io.herald.sse.entity.EventLogUnavailableException.class,
                () -> open("nia", TypeFilter.everything(), unanswered));
        assertNull(unanswered.listener, "the outlet was left to the error reply");
        assertEquals(0, registry.openOutlets());
        registry.events = working;

        Connection retry = open("nia", TypeFilter.everything(), new RecordingOutlet());
        assertTrue(retry.isOpen(), "neither limit still counts the failed connect");
    }

    @Test
    void aConnectWaitingForTheHistoryHoldsNoPlaceUnderTheLimits() throws Exception {
        // A history that is slow to answer (Kafka being reached) must not keep the user's place while it
        // waits: the user's next connect, or retry, is served, not refused with 429 as one too many.
        tearDownQuietly();
        setUp(Map.of(SseConfig.MAX_CONNECTIONS_PER_USER, "1"));
        EventLog working = registry.events;
        java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger heads = new java.util.concurrent.atomic.AtomicInteger();
        registry.events = (EventLog) java.lang.reflect.Proxy.newProxyInstance(EventLog.class.getClassLoader(),
                new Class<?>[] {EventLog.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("head") && heads.getAndIncrement() == 0) {
                        asked.countDown();
                        answer.await(5, TimeUnit.SECONDS);
                    }
                    try {
                        return method.invoke(working, arguments);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            var waiting = caller.submit(() -> open("nia", TypeFilter.everything(), new RecordingOutlet()));
            assertTrue(asked.await(5, TimeUnit.SECONDS));
            Connection served = open("nia", TypeFilter.everything(), new RecordingOutlet());
            assertTrue(served.isOpen(), "the waiting connect kept no place");
            answer.countDown();
            var refused = assertThrows(java.util.concurrent.ExecutionException.class, () -> waiting.get(5, TimeUnit.SECONDS));
            assertTrue(refused.getCause() instanceof ConnectionRefusedException, "then over the user's limit of 1");
            assertEquals(1, registry.count());
            assertEquals(1, registry.openOutlets());
        } finally {
            answer.countDown();
            caller.shutdownNow();
        }
    }

    @Test
    void aConnectAdmittedJustBeforeTheDrainIsDrainedToo() throws Exception {
        // The drain takes its list of connections once; a connect that passed admit() before the drain
        // began and registered after that list was taken must still get server_shutdown and close.
        java.util.concurrent.CountDownLatch admitted = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch proceed = new java.util.concurrent.CountDownLatch(1);
        RecordingOutlet late = new RecordingOutlet() {
            @Override
            public void listen(Outlet.Listener listener) {
                admitted.countDown(); // the outlet is taken after admit(), before the connection is registered
                try {
                    proceed.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.listen(listener);
            }
        };
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            var opening = caller.submit(() -> open("otto", TypeFilter.everything(), late));
            assertTrue(admitted.await(5, TimeUnit.SECONDS));
            registry.drainAll(); // finds no connection, and returns
            proceed.countDown();
            Connection connection = opening.get(5, TimeUnit.SECONDS);
            eventually(() -> !connection.isOpen() && late.closed);
            assertEquals(CloseReason.SHUTDOWN, connection.closeReason());
            assertEquals(List.of("connection_established", "server_shutdown"), late.types());
            assertEquals(0, registry.count());
        } finally {
            proceed.countDown();
            caller.shutdownNow();
        }
    }

    /** Opens {@code count} connections from as many threads released together; returns those admitted. */
    private List<Connection> connectAtOnce(int count, java.util.function.IntFunction<String> user) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(count);
        try {
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(count);
            List<java.util.concurrent.Future<Connection>> attempts = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                String userId = user.apply(i);
                attempts.add(callers.submit(() -> {
                    start.await();
                    try {
                        return open(userId, TypeFilter.everything(), new RecordingOutlet());
                    } catch (ConnectionRefusedException refused) {
                        return null;
                    }
                }));
            }
            List<Connection> admitted = new java.util.ArrayList<>();
            for (var attempt : attempts) {
                Connection connection = attempt.get(5, TimeUnit.SECONDS);
                if (connection != null) {
                    admitted.add(connection);
                }
            }
            return admitted;
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void theByteBoundClosesAClientThatFallsBehindOnLargeEvents() throws Exception {
        tearDownQuietly();
        setUp(Map.of(SseConfig.QUEUE_MAX_BYTES, "4000"));
        RecordingOutlet stuck = new RecordingOutlet();
        stuck.blockWrites = true;
        Connection connection = open("max", TypeFilter.everything(), stuck);
        stuck.writing.await(5, TimeUnit.SECONDS);
        Frame big = Frame.of("9", "big", "{\"pad\":\"" + "x".repeat(1500) + "\"}", "max", Instant.now());
        assertTrue(connection.offer(big));
        assertTrue(connection.offer(big));
        assertFalse(connection.offer(big), "past 4000 bytes");
        assertEquals(CloseReason.TOO_SLOW, connection.closeReason());
        stuck.release.countDown();
    }

    @Test
    void aStreamEndsWithTokenExpiredWhenItsTokenExpires() throws Exception {
        RecordingOutlet outlet = new RecordingOutlet();
        Connection connection = registry.open(new ConnectionRegistry.Request("nia", TypeFilter.everything(), null,
                Instant.now().plusMillis(300), "ip", "ua"), outlet);
        eventually(() -> !connection.isOpen());
        assertEquals(CloseReason.TOKEN_EXPIRED, connection.closeReason());
        assertEquals("token_expired", outlet.written.get(outlet.written.size() - 1).type());
        eventually(() -> outlet.closed);
    }

    @Test
    void stoppingSendsEachClientARetryHintWithJitterThenCloses() throws Exception {
        List<RecordingOutlet> outlets = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            RecordingOutlet outlet = new RecordingOutlet();
            outlets.add(outlet);
            open("user-" + i, TypeFilter.everything(), outlet);
        }
        registry.drainAll();
        java.util.Set<Long> delays = new java.util.HashSet<>();
        for (RecordingOutlet outlet : outlets) {
            eventually(() -> outlet.closed);
            Frame last = outlet.written.get(outlet.written.size() - 1);
            assertEquals("server_shutdown", last.type());
            assertTrue(last.reconnectDelayMillis() >= 1000 && last.reconnectDelayMillis() <= 15_000);
            delays.add(last.reconnectDelayMillis());
        }
        assertTrue(delays.size() > 10, "the reconnects are spread: " + delays);
        assertEquals(0, registry.openOutlets());
    }

    private void tearDownQuietly() {
        scheduler.shutdownNow();
        writers.shutdownNow();
    }

    @Test
    void aUserWhoConnectsAgainHasTheirOtherStreamsProbedTwice() throws Exception {
        setUp(Map.of(SseConfig.PROBE_DELAY, "50ms", SseConfig.MAX_CONNECTIONS_PER_USER, "1"));
        RecordingOutlet stale = new RecordingOutlet();
        open("pat", TypeFilter.everything(), stale);
        eventually(() -> stale.written.size() == 1); // connection_established
        assertThrows(ConnectionRefusedException.class, () -> open("pat", TypeFilter.everything(), new RecordingOutlet()),
                "one stream per user here");
        eventually(() -> stale.probes == 2);
        assertEquals(List.of("connection_established"), stale.types(), "a probe is no event");

        // The stale stream's client has left: the first write drew its reset, the next one fails.
        stale.failWith = new IOException("Broken pipe");
        RecordingOutlet fresh = new RecordingOutlet();
        Connection retried = null;
        for (int attempt = 0; attempt < 100 && retried == null; attempt++) {
            try {
                retried = open("pat", TypeFilter.everything(), fresh);
            } catch (ConnectionRefusedException e) {
                Thread.sleep(20); // refused while the probe is still on its way; as a client would, retry
            }
        }
        assertTrue(retried != null && retried.isOpen(), "a retry finds the room the stale stream held");
        eventually(() -> fresh.written.size() == 1);
        assertEquals(1, registry.countFor("pat"));
    }
}
