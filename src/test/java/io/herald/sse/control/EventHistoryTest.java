package io.herald.sse.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventHistoryTest {

    private EventIds ids;
    private EventHistory history;

    @BeforeEach
    void setUp() {
        history = history(Map.of(SseConfig.HISTORY_MAX_EVENTS, "3"));
    }

    private EventHistory history(Map<String, String> settings) {
        ids = new EventIds();
        EventHistory created = new EventHistory();
        created.config = SseConfig.of(settings);
        created.ids = ids;
        return created;
    }

    private Frame publish(EventHistory target, String type, String userId, Instant at) {
        Frame frame = Frame.of(ids.next(), type, "{}", userId, at);
        target.append(frame);
        return frame;
    }

    private static List<String> types(EventHistory.Replay replay) {
        return replay.frames().stream().map(Frame::type).toList();
    }

    @Test
    void replaysTheUsersOwnEventsAndBroadcastsAfterTheLastIdInOrder() {
        Instant now = Instant.now();
        Frame start = publish(history, "before", "alice", now);
        publish(history, "a1", "alice", now);
        publish(history, "all1", null, now);
        publish(history, "b1", "bob", now);
        publish(history, "a2", "alice", now);

        EventHistory.Replay replay = history.since("alice", start.sequence());
        assertEquals(List.of("a1", "all1", "a2"), types(replay));
        assertTrue(replay.complete());
        assertEquals(List.of("all1", "b1"), types(history.since("bob", start.sequence())));
    }

    @Test
    void nothingNewerMeansAnEmptyCompleteReplay() {
        Frame last = publish(history, "x", "alice", Instant.now());
        EventHistory.Replay replay = history.since("alice", last.sequence());
        assertTrue(replay.frames().isEmpty());
        assertTrue(replay.complete());
    }

    @Test
    void anIdOlderThanWhatIsKeptIsIncomplete() {
        Instant now = Instant.now();
        Frame first = publish(history, "e1", "alice", now);
        for (int i = 2; i <= 5; i++) {
            publish(history, "e" + i, "alice", now);
        }
        EventHistory.Replay replay = history.since("alice", first.sequence());
        assertFalse(replay.complete(), "e2 was dropped (3 kept)");
        assertEquals(List.of("e3", "e4", "e5"), types(replay));
    }

    @Test
    void idsFromBeforeThisRunOrFromTheFutureAreIncomplete() {
        Frame frame = publish(history, "x", "alice", Instant.now());
        assertFalse(history.since("alice", ids.firstOfThisRun() - 1).complete(), "from before a restart");
        assertFalse(history.since("alice", frame.sequence() + 1_000_000).complete(), "never issued");
    }

    @Test
    void pruningDropsOldEventsAndMakesOlderIdsIncomplete() {
        EventHistory aged = history(Map.of(SseConfig.HISTORY_MAX_AGE, "1m"));
        Instant now = Instant.now();
        Frame old = publish(aged, "old", "carol", now.minus(Duration.ofMinutes(5)));
        Frame newer = publish(aged, "new", "carol", now);
        aged.prune(now);
        assertEquals(List.of("new"), types(aged.since("carol", old.sequence() - 1)));
        assertFalse(aged.since("carol", old.sequence() - 1).complete());
        assertTrue(aged.since("carol", old.sequence()).complete(), "nothing after 'old' was dropped");
        assertEquals(1, aged.size().events());

        aged.prune(now.plus(Duration.ofMinutes(2)));
        assertEquals(0, aged.size().users(), "an emptied ring is forgotten");
        assertFalse(aged.since("carol", old.sequence()).complete(), "and what it dropped is remembered");
        assertTrue(aged.since("carol", newer.sequence()).complete());
    }

    @Test
    void theByteBoundKeepsAtLeastTheNewestEvent() {
        EventHistory small = history(Map.of(SseConfig.HISTORY_MAX_BYTES, "200"));
        Instant now = Instant.now();
        for (int i = 0; i < 10; i++) {
            small.append(Frame.of(ids.next(), "big", "{\"pad\":\"" + "x".repeat(150) + "\"}", "dan", now));
        }
        assertEquals(1, small.size().events());
        assertTrue(small.size().bytes() > 200, "one oversized frame stays");
    }

    private static final String PAYLOAD = "{\"pad\":\"" + "x".repeat(100) + "\"}";

    /** Room for {@code frames} frames of {@link #PAYLOAD} to one-letter users, their rings included. */
    private static String budgetFor(int frames) {
        Frame sample = Frame.of("1", "e", PAYLOAD, "u0000", Instant.now());
        return Long.toString((long) frames * (sample.weight() + EventHistory.RING_OVERHEAD_BYTES + 10));
    }

    @Test
    void theBudgetEvictsTheOldestEventsWhoeverTheyBelongTo() {
        EventHistory budgeted = history(Map.of(SseConfig.HISTORY_MAX_TOTAL_BYTES, budgetFor(10)));
        Instant now = Instant.now();
        List<Frame> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String user = "u" + String.format("%04d", i % 3);
            Frame frame = Frame.of(ids.next(), "e" + i, PAYLOAD, user, now);
            budgeted.append(frame);
            sent.add(frame);
        }
        EventLog.Size size = budgeted.size();
        assertTrue(size.bytes() <= Long.parseLong(budgetFor(10)), "within the budget: " + size);
        assertTrue(size.events() >= 10 && size.events() < 30, "at least ten frames fit, not all: " + size);
        // Whatever is kept is the newest, across all three users.
        long oldestKept = sent.get(sent.size() - (int) size.events()).sequence();
        for (String user : List.of("u0000", "u0001", "u0002")) {
            for (Frame frame : budgeted.since(user, 0).frames()) {
                assertTrue(frame.sequence() >= oldestKept, frame.type() + " should have been evicted first");
            }
        }
        assertEquals(30 - size.events(), budgeted.evicted().get(EventHistory.EVICTED_BUDGET),
                "every frame that left was counted as evicted by the budget");
    }

    @Test
    void aPositionTheBudgetEvictedGetsResync() {
        EventHistory budgeted = history(Map.of(SseConfig.HISTORY_MAX_TOTAL_BYTES, budgetFor(5)));
        Instant now = Instant.now();
        Frame mine = Frame.of(ids.next(), "mine", PAYLOAD, "alice", now);
        budgeted.append(mine);
        Frame next = Frame.of(ids.next(), "mine2", PAYLOAD, "alice", now);
        budgeted.append(next);
        assertTrue(budgeted.since("alice", mine.sequence()).complete(), "nothing lost yet");

        for (int i = 0; i < 20; i++) {
            budgeted.append(Frame.of(ids.next(), "flood", PAYLOAD, "offline-" + i, now));
        }
        EventHistory.Replay replay = budgeted.since("alice", mine.sequence());
        assertFalse(replay.complete(), "mine2 was evicted by other users' events");
        assertTrue(replay.frames().isEmpty());
        assertFalse(budgeted.since("bob", mine.sequence()).complete(),
                "a user without a ring cannot be told that nothing of theirs was dropped");
        Frame last = Frame.of(ids.next(), "after", PAYLOAD, "alice", now);
        budgeted.append(last);
        assertFalse(budgeted.since("alice", mine.sequence()).complete(),
                "a new ring for alice still knows that older events of hers may be gone");
        assertTrue(budgeted.since("alice", last.sequence() - 1).complete());
        assertEquals(List.of("after"), types(budgeted.since("alice", last.sequence() - 1)));
    }

    @Test
    void aUserWhoseEventsAllLeftCostsNothing() {
        EventHistory budgeted = history(Map.of(SseConfig.HISTORY_MAX_TOTAL_BYTES, budgetFor(100)));
        Instant now = Instant.now();
        for (int i = 0; i < 10_000; i++) {
            budgeted.append(Frame.of(ids.next(), "e", PAYLOAD, "user-" + i, now));
        }
        EventLog.Size size = budgeted.size();
        assertTrue(size.users() <= 100, "only users with frames still held have a ring: " + size);
        assertEquals(size.users(), size.events(), "one frame each");
    }

    @Test
    void theCostOfAnAppendDoesNotGrowWithTheNumberOfUsers() {
        // Counted work, not time: entries the eviction loops visit per append, with 10 and with 100,000 users.
        double few = visitsPerAppend(10);
        double many = visitsPerAppend(100_000);
        assertTrue(few <= 4 && many <= 4, "O(1) amortised: " + few + " and " + many + " entries visited per append");
    }

    private double visitsPerAppend(int users) {
        EventHistory budgeted = history(Map.of(SseConfig.HISTORY_MAX_TOTAL_BYTES, budgetFor(1_000),
                SseConfig.HISTORY_MAX_EVENTS, "2"));
        Instant now = Instant.now();
        for (int i = 0; i < users; i++) {
            budgeted.append(Frame.of(ids.next(), "warm", PAYLOAD, "user-" + i, now));
        }
        long before = budgeted.visited();
        int appends = 200_000;
        for (int i = 0; i < appends; i++) {
            budgeted.append(Frame.of(ids.next(), "e", PAYLOAD, "user-" + (i * 7919 % users), now));
        }
        return (budgeted.visited() - before) / (double) appends;
    }

    @Test
    void framesAppendedOutOfOrderAreReplayedInOrder() {
        Instant now = Instant.now();
        Frame first = Frame.of(ids.next(), "first", "{}", "erin", now);
        Frame second = Frame.of(ids.next(), "second", "{}", "erin", now);
        history.append(second);
        history.append(first);
        assertEquals(List.of("first", "second"), types(history.since("erin", first.sequence() - 1)));
    }

    @Test
    void pruningByAgeStopsAtTheFirstYoungFrame() {
        EventHistory aged = history(Map.of(SseConfig.HISTORY_MAX_AGE, "1m"));
        Instant now = Instant.now();
        for (int i = 0; i < 50; i++) {
            aged.append(Frame.of(ids.next(), "old", "{}", "user-" + i, now.minus(Duration.ofMinutes(5))));
        }
        for (int i = 0; i < 50; i++) {
            aged.append(Frame.of(ids.next(), "new", "{}", "user-" + i, now));
        }
        long before = aged.visited();
        aged.prune(now);
        assertEquals(50, aged.size().events());
        assertEquals(50, aged.visited() - before, "only the old frames were looked at");
        assertEquals(50L, aged.evicted().get(EventHistory.EVICTED_AGE));
    }

    @Test
    void aFrameItsRingDroppedIsNotKeptAliveByTheTimeline() throws InterruptedException {
        EventHistory small = history(Map.of(SseConfig.HISTORY_MAX_EVENTS, "1"));
        Instant now = Instant.now();
        Frame big = Frame.of(ids.next(), "big", "\"" + "x".repeat(60_000) + "\"", "gina", now);
        java.lang.ref.WeakReference<Frame> dropped = new java.lang.ref.WeakReference<>(big);
        small.append(big);
        big = null;
        small.append(Frame.of(ids.next(), "next", "{}", "gina", now)); // the ring's bound drops 'big'
        for (int i = 0; i < 20 && dropped.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertTrue(dropped.get() == null, "the dropped frame was collected though its timeline entry waits");
        assertEquals(1, small.size().events());
    }
}
