package io.herald.sse.control;

import io.herald.sse.entity.EventTypes;
import io.herald.sse.entity.SseEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Every open connection, by id and by user, so that a send to one user touches only that user's
 * connections. Connections remove themselves when they close; when the application stops, all of
 * them are closed, so no sink or socket outlives the application.
 */
@ApplicationScoped
public class ConnectionRegistry {

    private static final System.Logger LOG = System.getLogger(ConnectionRegistry.class.getName());

    private final Map<String, Connection> byId = new ConcurrentHashMap<>();
    private final Map<String, Set<Connection>> byUser = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();
    private volatile boolean accepting = true;

    /** The server's managed executor; any Executor in unit tests. */
    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    Executor writers;

    @Inject
    SseConfig config;

    @Inject
    EventIds ids;

    /**
     * Registers a new connection and queues its {@code connection_established} event first, which
     * also makes the server send the response headers at once.
     *
     * @throws IllegalStateException when the application is stopping
     */
    public Connection open(String userId, TypeFilter filter, Outlet outlet, String remoteAddress, String userAgent) {
        if (!accepting) {
            throw new IllegalStateException("Herald is stopping and accepts no new connections");
        }
        Connection connection = new Connection(UUID.randomUUID().toString(), userId, filter, outlet, writers,
                config.queueCapacity(), clock, this::remove, remoteAddress, userAgent);
        connection.offer(Frame.of(new SseEvent(ids.next(), EventTypes.CONNECTION_ESTABLISHED,
                Map.of("connectionId", connection.id(),
                        "userId", userId,
                        "heartbeatIntervalSeconds", config.heartbeatInterval().toSeconds()),
                userId, clock.instant())));
        byId.put(connection.id(), connection);
        byUser.computeIfAbsent(userId, key -> ConcurrentHashMap.newKeySet()).add(connection);
        // A close that raced with the registration above must not leave the connection behind.
        if (!connection.isOpen()) {
            remove(connection);
        }
        LOG.log(Level.INFO, "Opened connection {0} for user {1} from {2}", connection.id(), userId, remoteAddress);
        return connection;
    }

    private void remove(Connection connection) {
        byId.remove(connection.id(), connection);
        byUser.computeIfPresent(connection.userId(), (user, connections) -> {
            connections.remove(connection);
            return connections.isEmpty() ? null : connections;
        });
    }

    public Collection<Connection> forUser(String userId) {
        Set<Connection> connections = byUser.get(userId);
        return connections == null ? List.of() : connections;
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

    public boolean isAccepting() {
        return accepting;
    }

    @PreDestroy
    void closeAll() {
        accepting = false;
        int open = byId.size();
        for (Connection connection : List.copyOf(byId.values())) {
            connection.close(CloseReason.SHUTDOWN);
        }
        LOG.log(Level.INFO, "Herald stopped: closed {0} connections", open);
    }
}
