package io.herald.sse.control;

import io.herald.platform.Json;
import io.herald.sse.entity.SseEvent;
import java.time.Duration;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Delivers frames to an in-process {@link Flow.Subscriber} as {@link SseEvent}s parsed from the
 * wire JSON, exactly what an HTTP client reads, honouring its demand: a subscriber that
 * requests nothing is treated like an HTTP client that stops reading, and is dropped after the write
 * timeout. Cancelling the subscription closes the connection.
 */
public final class SubscriberOutlet implements Outlet, Flow.Subscription {

    private final Flow.Subscriber<? super SseEvent> subscriber;
    private final Duration writeTimeout;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition demandArrived = lock.newCondition();
    private final AtomicBoolean closed = new AtomicBoolean();
    private long demand;
    private Runnable onCancel = () -> { };

    public SubscriberOutlet(Flow.Subscriber<? super SseEvent> subscriber, Duration writeTimeout) {
        this.subscriber = subscriber;
        this.writeTimeout = writeTimeout;
    }

    /** Hands the subscription to the subscriber; {@code onCancel} runs when it cancels. */
    public void start(Runnable onCancel) {
        this.onCancel = onCancel;
        subscriber.onSubscribe(this);
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            // Reactive Streams rule 3.9: a non-positive request is an error signalled to the subscriber.
            if (closed.compareAndSet(false, true)) {
                subscriber.onError(new IllegalArgumentException("request(" + n + "): demand must be positive"));
                onCancel.run();
            }
            return;
        }
        lock.lock();
        try {
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            demandArrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void cancel() {
        if (closed.compareAndSet(false, true)) {
            wakeWriter();
            onCancel.run();
        }
    }

    @Override
    public void write(Frame frame) throws Exception {
        if (frame.isProbe()) {
            return; // an in-process subscriber has no socket to test
        }
        long deadline = System.nanoTime() + writeTimeout.toNanos();
        lock.lock();
        try {
            while (demand == 0 && !closed.get()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("subscriber requested nothing for " + writeTimeout);
                }
                demandArrived.awaitNanos(left);
            }
            if (closed.get()) {
                throw new IllegalStateException("subscription closed");
            }
            demand--;
        } finally {
            lock.unlock();
        }
        subscriber.onNext(new SseEvent(frame.id(), frame.type(), Json.mapper().readTree(frame.dataJson()),
                frame.userId(), frame.timestamp()));
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            wakeWriter();
            subscriber.onComplete();
        }
    }

    private void wakeWriter() {
        lock.lock();
        try {
            demandArrived.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
