package io.herald.it;

import io.herald.sse.entity.SseEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An in-process subscriber for the tests: collects events, with an initial demand of its choosing. */
public final class Collector implements Flow.Subscriber<SseEvent> {

    private final long initialDemand;
    private final BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean completed;

    public Collector() {
        this(Long.MAX_VALUE);
    }

    public Collector(long initialDemand) {
        this.initialDemand = initialDemand;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(initialDemand);
    }

    @Override
    public void onNext(SseEvent item) {
        events.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        completed = true;
    }

    @Override
    public void onComplete() {
        completed = true;
    }

    /** Subscribes a new collector to {@code userId}'s in-process stream and waits for connection_established. */
    public static Collector subscribe(io.herald.sse.boundary.SseService sse, String userId, Duration timeout)
            throws InterruptedException {
        Collector collector = new Collector();
        sse.createConnection(userId).subscribe(collector);
        collector.await("connection_established", timeout);
        return collector;
    }

    public Flow.Subscription subscription() {
        return subscription;
    }

    public boolean completed() {
        return completed;
    }

    /** The next event, or null after the timeout. */
    public SseEvent poll(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Every event up to and including the first of {@code type}; fails after the timeout. */
    public List<SseEvent> until(String type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<SseEvent> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            SseEvent event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event != null) {
                seen.add(event);
                if (event.type().equals(type)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("No " + type + " within " + timeout + "; got " + seen.stream().map(SseEvent::type).toList());
    }

    public SseEvent await(String type, Duration timeout) throws InterruptedException {
        List<SseEvent> seen = until(type, timeout);
        return seen.get(seen.size() - 1);
    }
}
