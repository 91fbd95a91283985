package io.herald.sse.control;

import io.herald.sse.entity.ConnectionRefusedException;
import io.herald.sse.entity.EventTypes;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every open connection, by id and by user, so that a send to one user touches only that user's
 * connections. It opens connections within the limits, resumes them from the history, closes them
 * when their token expires, and drains them all when the application stops, so that no sink or
 * socket outlives the application.
 */
@ApplicationScoped
public class ConnectionRegistry {

    private static final System.Logger LOG = System.getLogger(ConnectionRegistry.class.getName());
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);

    private final Map<String, Connection> byId = new ConcurrentHashMap<>();
    /**
     * One entry per user with a connection open or being opened: at most the server-wide limit, plus
     * the connects in flight.
     */
    private final Map<String, UserConnections> byUser = new ConcurrentHashMap<>();
    /**
     * Connections open or being opened, counted against {@code herald.sse.max-connections} in one
     * atomic step, so that simultaneous connects cannot pass the limit together (a check of
     * {@code byId.size()} before the add could let all of them through).
     */
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicInteger openOutlets = new AtomicInteger();
    /** Probes scheduled and not yet run: cancelled by the drain, so none runs after the application stopped. */
    private final Set<ScheduledFuture<?>> pendingProbes = ConcurrentHashMap.newKeySet();
    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean drained = new AtomicBoolean();
    private final Thread drainOnSigterm = new Thread(this::drainAll, "herald-drain-on-sigterm");
    private volatile boolean accepting = true;

    /**
     * Threads made once, each with the application's context: no context is captured per write, as
     * the managed executor did for every task (BENCHMARKS.md, "What each change bought").
     */
    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threadFactory;

    /** The {@link WriterPool} on the server; any Executor in unit tests. */
    Executor writers;
    private WriterPool pool;
    private ScheduledThreadPoolExecutor ownScheduler;

    /**
     * Token expiries and probes: one thread made by the same factory, so no task captures the
     * request's thread context (a managed scheduled executor's task kept each stream's security
     * context, and with it the caller's token, reachable for the stream's life). Cancelled expiries
     * leave its queue at once. Any scheduler in unit tests.
     */
    ScheduledExecutorService scheduler;

    @Inject
    SseConfig config;

    @Inject
    @Selected
    EventLog events;

    @Inject
    SseMetrics metrics = SseMetrics.NONE;

    @Inject
    StreamCompletions completions = new StreamCompletions();

    @Inject
    ConnectionLog log = new ConnectionLog();

    /** What every connection needs from the registry: one for all of them, made at the first. */
    private volatile Connection.Wiring wiring;

    private Connection.Wiring wiring() {
        Connection.Wiring shared = wiring;
        if (shared == null) {
            // Two first connects may each make one; they are alike, and the last one stays.
            shared = new Connection.Wiring(writers, config.queueCapacity(), config.queueMaxBytes(), clock,
                    this::remove, openOutlets::decrementAndGet, metrics, log);
            wiring = shared;
        }
        return shared;
    }

    /** What a client asks for when it opens a stream. */
    public record Request(String userId, TypeFilter filter, String lastEventId, Instant expiresAt,
                          String remoteAddress, String userAgent) {
    }

    /**
     * Registers a new connection. It gets {@code connection_established} first, which also makes the
     * server send the response headers at once; with a last event id, then {@code resync_required} if
     * the history cannot cover the gap, and every missed event it can, before any live one.
     *
     * @throws ConnectionRefusedException over a limit or while the application stops
     */
    public Connection open(Request request, Outlet outlet) {
        // A user who connects again has often just lost the previous stream (a network blip, a balancer):
        // find out now rather than at the next heartbeat, so that a mass reconnect does not double the load.
        // Even when this stream is refused for now: its retry then finds the room the stale one held.
        probeTwice(forUser(request.userId()));
        // Asked before a place is kept and before the outlet is touched: a history that cannot answer
        // now (Kafka unreachable) refuses the connect with its own 503, holding no place under the limits
        // meanwhile, so a user's retries are not refused as too many; and the response is left to the
        // error reply, with no outlet counted open.
        String establishedId = request.lastEventId() == null ? events.head(request.userId())
                : events.canonical(request.lastEventId());
        admit(request.userId());
        Connection connection;
        try {
            connection = establish(request, establishedId, outlet);
        } catch (RuntimeException e) {
            withdraw(request.userId());
            throw e;
        }
        if (request.lastEventId() != null) {
            resume(connection, request.lastEventId());
        }
        scheduleExpiry(connection, request.expiresAt());
        metrics.connectionOpened();
        log.opened(() -> "Opened connection " + connection.id() + " for user " + request.userId() + " from "
                + request.remoteAddress() + (request.lastEventId() == null ? "" : " resuming after " + printable(request.lastEventId())));
        return connection;
    }

    /** Makes the connection, queues its first event and registers it, in the place {@link #admit} kept for it. */
    private Connection establish(Request request, String establishedId, Outlet outlet) {
        // When resuming, the client keeps its position (establishedId): a fresh id here would skip what it
        // missed. The id is written back as the log formats it, never as the client sent it (it could hold
        // a line break).
        Connection connection = new Connection(UUID.randomUUID().toString(), request.userId(), request.filter(), outlet,
                wiring(), request.remoteAddress(), request.userAgent());
        connection.listen();
        openOutlets.incrementAndGet();
        connection.sendFirst(Frame.control(establishedId, EventTypes.CONNECTION_ESTABLISHED,
                Map.of("connectionId", connection.id(),
                        "userId", request.userId(),
                        "heartbeatIntervalSeconds", config.heartbeatInterval().toSeconds()),
                request.userId(), clock.instant()));
        if (request.lastEventId() != null) {
            connection.hold();
        }
        register(connection);
        if (!accepting) {
            // The drain began after admit() and may have taken its list of connections before this one.
            connection.closeAfter(farewell(connection), CloseReason.SHUTDOWN);
        }
        return connection;
    }

    /**
     * Keeps a place for one more connection of this user, within both limits, or refuses it. Each
     * limit is checked and the place taken in one atomic step: simultaneous connects of one user (a
     * browser restoring ten tabs) cannot pass the limits together.
     */
    private void admit(String userId) {
        if (!accepting) {
            metrics.connectionRefused("draining");
            throw new ConnectionRefusedException("Herald is stopping; reconnect shortly", false, config.limitRetryAfter());
        }
        // The user's limit first: a connect it refuses never holds a place in the server's.
        int maxPerUser = config.maxConnectionsPerUser();
        boolean[] full = new boolean[1];
        byUser.compute(userId, (user, connections) -> {
            UserConnections entry = connections != null ? connections : new UserConnections();
            if (entry.open.size() + entry.admitting >= maxPerUser) {
                full[0] = true;
            } else {
                entry.admitting++;
            }
            return entry.isEmpty() ? null : entry;
        });
        if (full[0]) {
            metrics.connectionRefused("user_limit");
            throw new ConnectionRefusedException("User " + userId + " already has "
                    + maxPerUser + " connections", true, config.limitRetryAfter());
        }
        int max = config.maxConnections();
        if (admitted.getAndUpdate(n -> n < max ? n + 1 : n) >= max) {
            releaseUserPlace(userId);
            metrics.connectionRefused("server_limit");
            throw new ConnectionRefusedException("Herald holds its maximum of " + max
                    + " connections", false, config.limitRetryAfter());
        }
    }

    /** Gives back the place {@link #admit} kept, for a connection that failed before it was registered. */
    private void withdraw(String userId) {
        admitted.decrementAndGet();
        releaseUserPlace(userId);
    }

    private void releaseUserPlace(String userId) {
        byUser.computeIfPresent(userId, (user, connections) -> {
            connections.admitting--;
            return connections.isEmpty() ? null : connections;
        });
    }

    private void register(Connection connection) {
        byId.put(connection.id(), connection);
        // Added inside the map's atomic update for this user, in the place admit() kept: remove()
        // drops the user's entry when it empties, and a connection added to it after its compute
        // would be lost from the index.
        byUser.compute(connection.userId(), (user, connections) -> {
            UserConnections entry = connections != null ? connections : new UserConnections();
            entry.admitting--;
            entry.open.add(connection);
            return entry;
        });
        // A close that raced with the registration above must not leave the connection behind.
        if (!connection.isOpen()) {
            remove(connection);
        }
    }

    private void resume(Connection connection, String lastEventId) {
        EventLog.Replay replay = events.since(connection.userId(), lastEventId);
        if (!replay.complete()) {
            metrics.resyncRequired();
            connection.sendFirst(Frame.control(null, EventTypes.RESYNC_REQUIRED,
                    Map.of("lastEventId", lastEventId, "reason", replay.reason()),
                    connection.userId(), clock.instant()));
        }
        metrics.eventsReplayed(connection.release(replay.frames(), replay.after()));
        LOG.log(Level.DEBUG, () -> "Connection " + connection.id() + " resumed with " + replay.frames().size()
                + " event(s)" + (replay.complete() ? "" : " after resync_required"));
    }

    /** A client's value as it may go into a log line: no line breaks or other control characters. */
    private static String printable(String value) {
        return value.replaceAll("\\p{Cntrl}", "?");
    }


    /**
     * Probes each connection now and once more after {@code herald.sse.probe-delay}: the first write
     * to a socket whose client left draws the client's reset, the second one fails and closes it.
     */
    public void probeTwice(Collection<Connection> connections) {
        if (connections.isEmpty() || !accepting) {
            return;
        }
        List<Connection> probed = List.copyOf(connections);
        probed.forEach(Connection::probe);
        probeLater(probed);
    }

    /** Probes the connections once, after {@code herald.sse.probe-delay} (after a heartbeat, say). */
    public void probeLater(Collection<Connection> connections) {
        if (connections.isEmpty() || scheduler == null || !accepting) {
            return;
        }
        List<Connection> probed = List.copyOf(connections);
        CompletableFuture<ScheduledFuture<?>> self = new CompletableFuture<>();
        try {
            ScheduledFuture<?> later = scheduler.schedule(() -> {
                probed.forEach(Connection::probe);
                self.thenAccept(pendingProbes::remove);
            }, config.probeDelay().toMillis(), TimeUnit.MILLISECONDS);
            pendingProbes.add(later);
            self.complete(later);
            if (!accepting) {
                later.cancel(false); // the drain began meanwhile, and may have cancelled the others already
            }
        } catch (RejectedExecutionException e) {
            // stopping: the drain closes them all anyway
        }
    }

    private void scheduleExpiry(Connection connection, Instant expiresAt) {
        if (expiresAt == null) {
            return;
        }
        long delay = Math.max(0, Duration.between(clock.instant(), expiresAt).toMillis());
        connection.expireAt(scheduler.schedule(() -> connection.closeAfter(
                Frame.control(null, EventTypes.TOKEN_EXPIRED, Map.of("expiredAt", expiresAt.toString()),
                        connection.userId(), clock.instant()),
                CloseReason.TOKEN_EXPIRED), delay, TimeUnit.MILLISECONDS));
    }

    private void remove(Connection connection) {
        if (byId.remove(connection.id(), connection)) {
            admitted.decrementAndGet(); // once: a later call finds it gone from byId
        }
        // Even when byId no longer held it: a close can run between register()'s two steps, and
        // register() then calls this again to take the connection out of its user's entry.
        byUser.computeIfPresent(connection.userId(), (user, connections) -> {
            connections.open.remove(connection);
            return connections.isEmpty() ? null : connections;
        });
    }

    /**
     * One user's open connections, and how many more are between {@link #admit} and
     * {@link #register}. Changed only inside {@code byUser}'s atomic updates for that user.
     */
    private static final class UserConnections {
        final Set<Connection> open = ConcurrentHashMap.newKeySet();
        int admitting;

        boolean isEmpty() {
            return open.isEmpty() && admitting == 0;
        }
    }

    public Collection<Connection> forUser(String userId) {
        UserConnections connections = byUser.get(userId);
        return connections == null ? List.of() : connections.open;
    }

    public Collection<Connection> all() {
        return byId.values();
    }

    public Optional<Connection> find(String connectionId) {
        return Optional.ofNullable(byId.get(connectionId));
    }

    public int count() {
        return byId.size();
    }

    public int countFor(String userId) {
        return forUser(userId).size();
    }

    /** The most connections any one user has open now (0 when none are open). */
    public int maxCountPerUser() {
        int max = 0;
        for (UserConnections connections : byUser.values()) {
            max = Math.max(max, connections.open.size());
        }
        return max;
    }

    /** Sinks and subscriptions Herald has not closed yet: equals {@link #count()} when nothing leaks. */
    public int openOutlets() {
        return openOutlets.get();
    }

    public boolean isAccepting() {
        return accepting;
    }

    /**
     * Liberty stops applications only after its HTTP chains have quiesced, that is after it closed
     * the open streams; a SIGTERM (how containers are stopped) also runs JVM shutdown hooks at once,
     * so this hook drains the streams while their sockets are still open.
     */
    @PostConstruct
    void start() {
        if (writers == null) {
            pool = new WriterPool(threadFactory, config.writerThreads(), config.maxWriterThreads(), WRITER_BLOCKED_MILLIS);
            writers = pool;
        }
        if (scheduler == null) {
            ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, threadFactory);
            timers.setRemoveOnCancelPolicy(true);
            timers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            ownScheduler = timers;
            scheduler = timers;
        }
        Runtime.getRuntime().addShutdownHook(drainOnSigterm);
    }

    /** When every writer thread has been in one write this long, waiting on its client, the pool adds one. */
    private static final long WRITER_BLOCKED_MILLIS = 100;

    /** The writer threads running now, and how often all were blocked on clients so that one was added. */
    public int writerThreads() {
        return pool == null ? 0 : pool.threads();
    }

    public int writerThreadsAdded() {
        return pool == null ? 0 : pool.threadsAdded();
    }

    @PreDestroy
    void stop() {
        try {
            Runtime.getRuntime().removeShutdownHook(drainOnSigterm);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running or has run
        }
        drainAll();
        if (pool != null) {
            pool.stop();
        }
        if (ownScheduler != null) {
            ownScheduler.shutdownNow();
        }
    }

    /** The last event of a drained stream: its {@code retry:} is a random delay within the spread. */
    private Frame farewell(Connection connection) {
        long spread = Math.max(1000, config.shutdownReconnectSpread().toMillis());
        long delay = 1000 + ThreadLocalRandom.current().nextLong(spread - 999);
        return Frame.control(null, EventTypes.SERVER_SHUTDOWN, Map.of("reconnectAfterMillis", delay),
                connection.userId(), clock.instant()).withReconnectDelay(delay);
    }

    /**
     * Drains every connection, once: a final {@code server_shutdown} event whose {@code retry:} spreads
     * the reconnects over {@code herald.sse.shutdown-reconnect-spread}, then the close. Connections
     * still writing after two seconds are closed regardless.
     */
    public void drainAll() {
        if (!drained.compareAndSet(false, true)) {
            return;
        }
        accepting = false;
        pendingProbes.forEach(probe -> probe.cancel(false));
        pendingProbes.clear();
        List<Connection> open = List.copyOf(byId.values());
        for (Connection connection : open) {
            connection.closeAfter(farewell(connection), CloseReason.SHUTDOWN);
        }
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (!byId.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Set<Connection> forced = Set.copyOf(byId.values());
        for (Connection connection : forced) {
            connection.close(CloseReason.SHUTDOWN);
        }
        int unfinished = completions.await(DRAIN_TIMEOUT);
        // A stream whose last write failed was closed for that (its client had gone, or Liberty had closed it).
        long drained = open.stream().filter(c -> !forced.contains(c) && c.closeReason() == CloseReason.SHUTDOWN).count();
        long gone = open.stream().filter(c -> !forced.contains(c) && c.closeReason() != CloseReason.SHUTDOWN).count();
        log.flush();
        LOG.log(Level.INFO, "Herald stopped: {0} stream(s) got server_shutdown, {1} were gone already, {2} closed"
                        + " without their last event after {3} s{4}", drained, gone, forced.size(),
                DRAIN_TIMEOUT.toSeconds(), unfinished == 0 ? "" : "; " + unfinished + " not finished by the container");
    }
}
