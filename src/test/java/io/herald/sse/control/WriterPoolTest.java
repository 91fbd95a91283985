package io.herald.sse.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The writer pool: few threads made once, and one more only while all of them are blocked. */
class WriterPoolTest {

    private final AtomicInteger made = new AtomicInteger();
    private final ThreadFactory factory = task -> {
        made.incrementAndGet();
        return new Thread(task);
    };
    private WriterPool pool;

    @AfterEach
    void stop() {
        pool.stop();
    }

    @Test
    void tasksRunOnTheThreadsMadeAtTheStart() throws Exception {
        pool = new WriterPool(factory, 2, 8, 100);
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(10_000);
        for (int i = 0; i < 10_000; i++) {
            pool.execute(() -> {
                ran.add(Thread.currentThread());
                done.countDown();
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertTrue(ran.size() <= 2, "ran on " + ran.size() + " threads");
        assertEquals(3, made.get(), "two writers and the watcher, made once");
        assertEquals(0, pool.threadsAdded());
    }

    @Test
    void aTaskQueuedBehindBlockedWritersRunsOnAThreadAddedForIt() throws Exception {
        pool = new WriterPool(factory, 2, 3, 50, 200);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 2; i++) {
            pool.execute(() -> awaitQuietly(release)); // two clients whose sockets are full
        }
        CountDownLatch ran = new CountDownLatch(1);
        pool.execute(ran::countDown);
        assertTrue(ran.await(5, TimeUnit.SECONDS), "the third task waited for the blocked ones");
        assertEquals(1, pool.threadsAdded());
        assertEquals(3, pool.threads());
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pool.threads() > 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(2, pool.threads(), "the added thread ends once it has had nothing to do");
    }

    @Test
    void aWriterThatIsRunningIsNotBlocked() throws Exception {
        pool = new WriterPool(factory, 1, 2, 20, 1000);
        CountDownLatch spinning = new CountDownLatch(1);
        pool.execute(() -> {
            spinning.countDown();
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
            while (System.nanoTime() < end) {
                Thread.onSpinWait(); // busy, RUNNABLE, as a long write or a preempted writer is
            }
        });
        assertTrue(spinning.await(5, TimeUnit.SECONDS));
        CountDownLatch ran = new CountDownLatch(1);
        pool.execute(ran::countDown);
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        assertEquals(0, pool.threadsAdded(), "no thread added beside one that was running, for 20 times the blocked time");
    }

    @Test
    void neverMoreThanTheMaximum() throws Exception {
        pool = new WriterPool(factory, 1, 2, 20, 1000);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 5; i++) {
            pool.execute(() -> awaitQuietly(release));
        }
        Thread.sleep(500);
        assertEquals(2, pool.threads());
        release.countDown();
    }

    @Test
    void aStoppedPoolRefusesWork() {
        pool = new WriterPool(factory, 1, 1, 100);
        pool.stop();
        assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> { }));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
