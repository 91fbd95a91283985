package io.herald.sse.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void idsIncreaseEvenWhenTheClockStandsStillOrGoesBack() {
        AtomicLong clock = new AtomicLong(1_000_000);
        EventIds ids = new EventIds(clock::get);
        long first = Long.parseLong(ids.next());
        long second = Long.parseLong(ids.next());
        clock.set(500_000);
        long third = Long.parseLong(ids.next());
        assertEquals(1_000_000, first);
        assertEquals(first + 1, second);
        assertEquals(second + 1, third);
    }

    @Test
    void idsFollowTheClockWhenItIsAhead() {
        AtomicLong clock = new AtomicLong(1_000_000);
        EventIds ids = new EventIds(clock::get);
        ids.next();
        clock.set(2_000_000);
        assertEquals("2000000", ids.next());
    }

    @Test
    void aRestartedServerIssuesLargerIdsThanBefore() throws InterruptedException {
        EventIds before = new EventIds();
        long last = 0;
        for (int i = 0; i < 1000; i++) {
            last = Long.parseLong(before.next());
        }
        Thread.sleep(2);
        EventIds afterRestart = new EventIds();
        assertTrue(Long.parseLong(afterRestart.next()) > last);
    }

    @Test
    void concurrentCallersNeverShareAnId() throws InterruptedException {
        EventIds ids = new EventIds();
        Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    seen.add(ids.next());
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(40_000, seen.size());
    }
}
