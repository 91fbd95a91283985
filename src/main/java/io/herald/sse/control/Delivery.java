package io.herald.sse.control;

import io.herald.sse.entity.SerializedPayload;
import io.herald.sse.entity.SseEventPublished;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;

/**
 * The observer at the end of the one publish path. It runs after the publisher's transaction commits
 * (at once when there is none), serialises the data once and hands the event to the event log, which
 * gives it its id, keeps it for resuming clients and passes it to {@link Fanout}: the publisher never
 * waits for a socket.
 */
@ApplicationScoped
public class Delivery {

    private static final System.Logger LOG = System.getLogger(Delivery.class.getName());

    @Inject
    @Selected
    EventLog events;

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
        metrics.eventPublished(published.type());
        events.append(published, data);
    }
}
