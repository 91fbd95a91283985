package io.herald.sse.control;

import io.herald.sse.entity.Audience;
import io.herald.sse.entity.SerializedPayload;
import io.herald.sse.entity.SseEventPublished;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;

/**
 * Delivers published events: the observer at the end of the one publish path. It runs after the
 * publisher's transaction commits (at once when there is none), serialises the data once, gives
 * each event an id, keeps it in the history for resuming clients, and only queues it on the
 * matching connections, so the publisher never waits for a socket.
 * <p>
 * It does not use {@code SseBroadcaster}: its {@code broadcast} writes every sink in turn on the
 * caller's thread, so one client that stops reading holds up the publisher and every client after
 * it, and it keeps closed sinks until the next broadcast. Per-connection queues avoid both.
 */
@ApplicationScoped
public class Delivery {

    private static final System.Logger LOG = System.getLogger(Delivery.class.getName());

    @Inject
    ConnectionRegistry registry;

    @Inject
    EventIds ids;

    @Inject
    EventHistory history;

    @Inject
    SseConfig config;

    @Inject
    SseMetrics metrics;

    void onPublished(@Observes(during = TransactionPhase.AFTER_SUCCESS) SseEventPublished published) {
        SerializedPayload data;
        try {
            data = Payloads.serialise(published.data(), config.maxPayloadBytes());
        } catch (IllegalArgumentException e) {
            // Too large, or not writable as JSON. Only events fired directly get here (SseService checks
            // at the call), and after a commit there is nobody to tell but the log.
            LOG.log(Level.ERROR, "Dropped event {0}: {1}", published.type(), e.getMessage());
            return;
        }
        deliver(published, data);
    }

    void deliver(SseEventPublished published, SerializedPayload data) {
        Audience audience = published.audience();
        metrics.eventPublished(published.type());
        if (audience.broadcast()) {
            deliver(Frame.of(ids.next(), published.type(), data.json(), null, published.timestamp()));
            return;
        }
        for (String userId : audience.userIds()) {
            deliver(Frame.of(ids.next(), published.type(), data.json(), userId, published.timestamp()));
        }
    }

    private void deliver(Frame frame) {
        // History first, and only then the lookup of the connections: a client resuming at this moment
        // either finds the frame in the history or is registered by the time of the lookup and gets it live.
        history.append(frame);
        Iterable<Connection> connections = frame.userId() == null ? registry.all() : registry.forUser(frame.userId());
        int queued = 0;
        for (Connection connection : connections) {
            queued += connection.offer(frame) ? 1 : 0;
        }
        int count = queued;
        LOG.log(Level.DEBUG, () -> "Event " + frame.type() + " " + frame.id() + " for "
                + (frame.userId() == null ? "everyone" : frame.userId()) + " queued on " + count + " connection(s)");
    }
}
