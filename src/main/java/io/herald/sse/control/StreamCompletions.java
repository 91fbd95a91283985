package io.herald.sse.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the HTTP streams whose asynchronous request the container has not finished yet. Closing a
 * sink only asks Liberty to complete the request; Liberty then runs the completion, Weld's request
 * context listeners included, on one of its own threads. If the application's CDI container is
 * already gone by then, Weld activates a request context on that thread that nothing deactivates,
 * and the thread logs WELD-000714, -000225 and -000335 at each later request. So the drain waits
 * here until every completion has run, while the application is still whole.
 */
@ApplicationScoped
public class StreamCompletions {

    private final AtomicInteger unfinished = new AtomicInteger();

    /** A listener for one stream's {@code AsyncContext}; it counts the stream until the container finishes it. */
    public AsyncListener track() {
        unfinished.incrementAndGet();
        AtomicBoolean done = new AtomicBoolean();
        Runnable finish = () -> {
            if (done.compareAndSet(false, true)) {
                unfinished.decrementAndGet();
            }
        };
        return new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                finish.run();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                finish.run();
            }

            @Override
            public void onError(AsyncEvent event) {
                finish.run();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // a stream is never restarted
            }
        };
    }

    public int unfinished() {
        return unfinished.get();
    }

    /** Waits up to {@code timeout} for every tracked stream to finish; returns how many still have not. */
    public int await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (unfinished.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return unfinished.get();
    }
}
