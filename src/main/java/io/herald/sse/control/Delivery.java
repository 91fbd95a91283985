package io.herald.sse.control;

import io.herald.sse.entity.Audience;
import io.herald.sse.entity.SseEvent;
import io.herald.sse.entity.SseEventPublished;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;

/**
 * Delivers published events: the observer at the end of the one publish path. It runs after the
 * publisher's transaction commits (at once when there is none), numbers and serialises each event
 * once, and only queues it on the matching connections, so the publisher never waits for a socket.
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

    void onPublished(@Observes(during = TransactionPhase.AFTER_SUCCESS) SseEventPublished published) {
        deliver(published);
    }

    void deliver(SseEventPublished published) {
        Audience audience = published.audience();
        if (audience.broadcast()) {
            Frame frame = frame(published, null);
            int queued = 0;
            for (Connection connection : registry.all()) {
                queued += connection.offer(frame) ? 1 : 0;
            }
            log(published, "everyone", queued);
            return;
        }
        for (String userId : audience.userIds()) {
            var connections = registry.forUser(userId);
            if (connections.isEmpty()) {
                log(published, userId, 0);
                continue;
            }
            Frame frame = frame(published, userId);
            int queued = 0;
            for (Connection connection : connections) {
                queued += connection.offer(frame) ? 1 : 0;
            }
            log(published, userId, queued);
        }
    }

    private Frame frame(SseEventPublished published, String userId) {
        return Frame.of(new SseEvent(ids.next(), published.type(), published.data(), userId, published.timestamp()));
    }

    private static void log(SseEventPublished published, String audience, int connections) {
        LOG.log(Level.DEBUG, () -> "Event " + published.type() + " for " + audience + " queued on "
                + connections + " connection(s)");
    }
}
