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
}
