package io.herald.metrics;

import io.herald.sse.control.CloseReason;
import io.herald.sse.control.Frame;
import io.herald.sse.control.SseMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The counting half of {@link HeraldMetrics}: increments the counters and the timer that bean
 * registered, nothing else. A plain object, not a bean, so that the delivery path calls it directly.
 */
final class SseCounters implements SseMetrics {

    private final Counter opened;
    private final Map<String, Counter> refused;
    private final Map<CloseReason, Counter> closed;
    private final Map<CloseReason, Counter> dropped;
    private final Map<String, Counter> published;
    private final Counter delivered;
    private final Timer latency;
    private final Counter replayed;
    private final Counter resyncs;
    private final Map<String, Counter> evicted;
    private final AtomicInteger queueDepthMax;

    SseCounters(Counter opened, Map<String, Counter> refused, Map<CloseReason, Counter> closed,
                Map<CloseReason, Counter> dropped, Map<String, Counter> published, Counter delivered, Timer latency,
                Counter replayed, Counter resyncs, Map<String, Counter> evicted, AtomicInteger queueDepthMax) {
        this.opened = opened;
        this.refused = refused;
        this.closed = closed;
        this.dropped = dropped;
        this.published = published;
        this.delivered = delivered;
        this.latency = latency;
        this.replayed = replayed;
        this.resyncs = resyncs;
        this.evicted = evicted;
        this.queueDepthMax = queueDepthMax;
    }

    @Override
    public void connectionOpened() {
        opened.inc();
    }

    @Override
    public void connectionRefused(String reason) {
        Counter counter = refused.get(reason);
        if (counter != null) {
            counter.inc();
        }
    }

    @Override
    public void connectionClosed(CloseReason reason, int droppedFrames) {
        closed.get(reason).inc();
        if (droppedFrames > 0) {
            dropped.get(reason).inc(droppedFrames);
        }
    }

    @Override
    public void eventPublished(String type) {
        published.get(EventFamilies.of(type)).inc();
    }

    @Override
    public void eventDelivered(Frame frame, boolean live) {
        delivered.inc();
        if (live) {
            latency.update(Duration.ofNanos(System.nanoTime() - frame.createdNanos()));
        }
    }

    @Override
    public void eventsReplayed(int frames) {
        if (frames > 0) {
            replayed.inc(frames);
        }
    }

    @Override
    public void resyncRequired() {
        resyncs.inc();
    }

    @Override
    public void historyEvicted(String reason, int frames) {
        Counter counter = evicted.get(reason);
        if (counter != null) {
            counter.inc(frames);
        }
    }

    @Override
    public void queueDepth(int depth) {
        int max = queueDepthMax.get();
        while (depth > max && !queueDepthMax.compareAndSet(max, depth)) {
            max = queueDepthMax.get();
        }
    }
}
