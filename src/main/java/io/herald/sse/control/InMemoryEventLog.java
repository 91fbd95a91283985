package io.herald.sse.control;

import io.herald.sse.entity.Audience;
import io.herald.sse.entity.SerializedPayload;
import io.herald.sse.entity.SseEventPublished;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;

/**
 * One node's event log: ids from {@link EventIds}, the recent events in {@link EventHistory}, and
 * each frame handed to {@link Fanout} at once, on the committing thread. The default when no cluster
 * is configured, and the fallback of every other log.
 */
@ApplicationScoped
public class InMemoryEventLog implements EventLog {

    @Inject
    EventIds ids;

    @Inject
    EventHistory history;

    @Inject
    Fanout fanout;

    @Inject
    SseConfig config;

    @Override
    public boolean active() {
        return true;
    }

    @Override
    public void append(SseEventPublished published, SerializedPayload data) {
        Audience audience = published.audience();
        if (audience.broadcast()) {
            record(Frame.of(ids.next(), published.type(), data.json(), null, published.timestamp()));
            return;
        }
        for (String userId : audience.userIds()) {
            record(Frame.of(ids.next(), published.type(), data.json(), userId, published.timestamp()));
        }
    }

    private void record(Frame frame) {
        history.append(frame);
        fanout.deliver(frame);
    }

    @Override
    public String head(String userId) {
        return ids.next();
    }

    @Override
    public String canonical(String lastEventId) {
        Long id = EventIds.parse(lastEventId);
        return id == null ? null : Long.toString(id);
    }

    @Override
    public Replay since(String userId, String lastEventId) {
        Long lastId = EventIds.parse(lastEventId);
        if (lastId == null) {
            return Replay.unknown();
        }
        EventHistory.Replay replay = history.since(userId, lastId);
        return new Replay(replay.frames(), replay.complete(),
                replay.complete() ? null : "events after this id are no longer kept", lastId);
    }

    @Override
    public void prune(Instant now) {
        history.prune(now);
    }

    @Override
    public Size size() {
        return history.size();
    }

    @Override
    public long maxBytes() {
        return config.historyMaxTotalBytes();
    }

    @Override
    public Map<String, Long> evicted() {
        return history.evicted();
    }
}
