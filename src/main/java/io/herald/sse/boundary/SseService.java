package io.herald.sse.boundary;

import io.herald.sse.control.CloseReason;
import io.herald.sse.control.Connection;
import io.herald.sse.control.ConnectionRegistry;
import io.herald.sse.control.EventLog;
import io.herald.sse.control.Payloads;
import io.herald.sse.control.Selected;
import io.herald.sse.control.ServletOutlet;
import io.herald.sse.control.SseConfig;
import io.herald.sse.control.SubscriberOutlet;
import io.herald.sse.control.TypeFilter;
import io.herald.sse.entity.Audience;
import io.herald.sse.entity.ConnectionInfo;
import io.herald.sse.entity.ConnectionRefusedException;
import io.herald.sse.entity.PayloadTooLargeException;
import io.herald.sse.entity.SseEvent;
import io.herald.sse.entity.SseEventPublished;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * Herald's Java API, the spec's {@code SSEService}. Every send fires {@link SseEventPublished}, the
 * same CDI event other modules may fire themselves, so there is one publish path: the event is
 * delivered after the caller's transaction commits, not at all if it rolls back, and at once when
 * there is no transaction. No method waits for a client's socket.
 */
@ApplicationScoped
public class SseService {

    @Inject
    Event<SseEventPublished> published;

    @Inject
    ConnectionRegistry registry;

    @Inject
    SseConfig config;

    @Inject
    @Selected
    EventLog events;

    /**
     * @throws PayloadTooLargeException when {@code data} is over {@code herald.sse.max-payload-bytes} as JSON
     * @throws IllegalArgumentException for a blank user id, a malformed or reserved type, or data Jackson cannot write
     */
    public void sendToUser(String userId, String type, Object data) {
        publish(Audience.user(userId), type, data);
    }

    /** As {@link #sendToUser}, to each of the users. */
    public void sendToUsers(Collection<String> userIds, String type, Object data) {
        publish(Audience.users(userIds), type, data);
    }

    /** As {@link #sendToUser}, to everyone connected. */
    public void sendToAll(String type, Object data) {
        publish(Audience.everyone(), type, data);
    }

    // The data is written as JSON here, once: its size is checked while the caller can still be told.
    private void publish(Audience audience, String type, Object data) {
        published.fire(SseEventPublished.to(audience, type, Payloads.serialise(data, config.maxPayloadBytes())));
    }

    public boolean hasConnection(String userId) {
        return !registry.forUser(userId).isEmpty();
    }

    public int getConnectionCount() {
        return registry.count();
    }

    /** A snapshot of the open connections, oldest first. */
    public List<ConnectionInfo> getActiveConnections() {
        return registry.all().stream()
                .map(Connection::info)
                .sorted(Comparator.comparing(ConnectionInfo::connectedAt))
                .toList();
    }

    /** How much the history holds, and the sinks not closed yet (admin statistics). */
    public Map<String, Object> getStatistics() {
        EventLog.Size history = events.size();
        return Map.of("connections", registry.count(),
                "openSinks", registry.openOutlets(),
                "historyUsers", history.users(),
                "historyEvents", history.events(),
                "historyBytes", history.bytes(),
                "historyMaxBytes", events.maxBytes(),
                "historyEvicted", events.evicted(),
                "writerThreads", registry.writerThreads(),
                "writerThreadsAdded", registry.writerThreadsAdded(),
                "responseBuffers", ServletOutlet.responseBuffers(config));
    }

    /** An in-process stream for {@code userId} that receives exactly what an HTTP client would. */
    public Flow.Publisher<SseEvent> createConnection(String userId) {
        return createConnection(userId, null);
    }

    /**
     * An in-process stream for {@code userId}, filtered like {@code ?types=}. Each subscriber is its own
     * connection: it is registered on subscribe, starts with {@code connection_established}, and is
     * closed when it cancels or stops requesting for the write timeout.
     */
    public Flow.Publisher<SseEvent> createConnection(String userId, String types) {
        Audience.user(userId); // validates the id before anyone subscribes
        TypeFilter filter = TypeFilter.parse(types);
        return subscriber -> {
            Objects.requireNonNull(subscriber, "subscriber");
            SubscriberOutlet outlet = new SubscriberOutlet(subscriber, config.writeTimeout());
            // Frames wait in the connection's queue until the subscriber requests them.
            Connection connection;
            try {
                connection = registry.open(new ConnectionRegistry.Request(userId, filter, null, null, "in-process", "java"), outlet);
            } catch (ConnectionRefusedException e) {
                subscriber.onSubscribe(new Flow.Subscription() {
                    public void request(long n) { }
                    public void cancel() { }
                });
                subscriber.onError(e);
                return;
            }
            outlet.start(() -> connection.close(CloseReason.CANCELLED));
        };
    }
}
