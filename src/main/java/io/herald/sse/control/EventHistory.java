package io.herald.sse.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The recent events, kept so that a client that reconnects with {@code Last-Event-ID} gets what it
 * missed: a ring per user and one for broadcasts, each bounded by count and bytes, and all of them
 * together bounded by one budget in bytes ({@code herald.sse.history.max-total-bytes}) and by age.
 * <p>
 * The budget is what keeps the heap safe when events go to many users who are not connected: every
 * frame is also on one timeline, oldest first, and when the total is over the budget the oldest
 * frames leave, whoever they belong to. An append costs O(1) amortised work whatever the number of
 * users: it never scans the rings. A user whose ring empties leaves the map, so a user costs only
 * what their events cost; the newest id any forgotten ring dropped is remembered once, globally, so
 * a client resuming from before it is told to resync rather than silently skipped.
 * <p>
 * One lock guards it all: each call does a few deque operations under it (a replay copies at most
 * two rings), and a single lock is what makes a global order of eviction cheap.
 */
@ApplicationScoped
public class EventHistory {

    /** Why frames left the history, as counted by {@link SseMetrics#historyEvicted}. */
    public static final String EVICTED_BUDGET = "budget";
    public static final String EVICTED_RING_LIMIT = "ring_limit";
    public static final String EVICTED_AGE = "age";

    /** A ring's own cost beside its frames: the ring, its deque, the map entry (the user id is added). */
    static final int RING_OVERHEAD_BYTES = 200;

    /** What a resuming client gets: the events after its last id, and whether any may be missing. */
    public record Replay(List<Frame> frames, boolean complete) {
    }

    private final Map<String, Ring> users = new HashMap<>();
    private final Ring broadcasts = new Ring(null);
    private final ArrayDeque<Entry> timeline = new ArrayDeque<>();
    private long events;
    private long bytes;
    /** Entries on the timeline whose frame already left its ring (by its ring's own bound). */
    private long stale;
    private long forgottenUsersUpTo;
    private final Map<String, LongAdder> evicted = Map.of(
            EVICTED_BUDGET, new LongAdder(),
            EVICTED_RING_LIMIT, new LongAdder(),
            EVICTED_AGE, new LongAdder());
    /** Entries the eviction loops looked at: lets a test check that appends do not scan. */
    private long visited;

    @Inject
    SseConfig config;

    @Inject
    EventIds ids;

    @Inject
    SseMetrics metrics = SseMetrics.NONE;

    /** Records a frame: in its user's ring, or the broadcast ring when it has no user. */
    public void append(Frame frame) {
        int ringEvicted;
        int budgetEvicted;
        synchronized (this) {
            Ring ring = frame.userId() == null ? broadcasts : users.computeIfAbsent(frame.userId(), this::newRing);
            Entry entry = new Entry(frame, ring);
            ring.insert(entry);
            timeline.addLast(entry);
            events++;
            bytes += frame.weight();
            ringEvicted = ring.trim(config.historyMaxEvents(), config.historyMaxBytes());
            budgetEvicted = enforceBudget();
            compactIfStale();
        }
        report(EVICTED_RING_LIMIT, ringEvicted);
        report(EVICTED_BUDGET, budgetEvicted);
    }

    /** The events {@code userId} may see with an id above {@code lastId}, oldest first. */
    public Replay since(String userId, long lastId) {
        boolean known = lastId >= ids.firstOfThisRun() && lastId <= ids.last();
        List<Frame> frames = new ArrayList<>();
        boolean complete;
        synchronized (this) {
            Ring own = users.get(userId);
            long ownDroppedUpTo = own == null ? forgottenUsersUpTo : own.droppedUpTo;
            complete = known && ownDroppedUpTo <= lastId && broadcasts.droppedUpTo <= lastId;
            broadcasts.addAfter(lastId, frames);
            if (own != null) {
                own.addAfter(lastId, frames);
            }
        }
        frames.sort(Comparator.comparingLong(Frame::sequence));
        return new Replay(frames, complete);
    }

    /** Drops what is older than the maximum age: from the old end of the timeline, never a scan. */
    public void prune(Instant now) {
        Instant oldest = now.minus(config.historyMaxAge());
        int evicted = 0;
        synchronized (this) {
            Entry head;
            while ((head = timeline.peekFirst()) != null && (head.gone || head.frame.timestamp().isBefore(oldest))) {
                evicted += evictHead() ? 1 : 0;
            }
        }
        report(EVICTED_AGE, evicted);
    }

    /** Users with a ring, frames, and their estimated heap in bytes. */
    public synchronized EventLog.Size size() {
        return new EventLog.Size(users.size(), events, bytes);
    }

    /** For tests: how many timeline entries the eviction loops have looked at so far. */
    synchronized long visited() {
        return visited;
    }

    private Ring newRing(String userId) {
        Ring ring = new Ring(userId);
        // A user forgotten earlier may have lost events a new ring knows nothing of.
        ring.droppedUpTo = forgottenUsersUpTo;
        bytes += ring.overhead;
        return ring;
    }

    private int enforceBudget() {
        long budget = config.historyMaxTotalBytes();
        int evicted = 0;
        // The newest frame stays even when it alone is over the budget.
        while (bytes > budget && events > 1) {
            evicted += evictHead() ? 1 : 0;
        }
        return evicted;
    }

    /** Removes the oldest timeline entry; true if its frame was still in its ring. */
    private boolean evictHead() {
        Entry head = timeline.removeFirst();
        visited++;
        if (head.gone) {
            stale--;
            return false;
        }
        head.ring.remove(head);
        forget(head);
        return true;
    }

    /** Accounts for a frame that left its ring; drops the ring itself once a user's is empty. */
    private void forget(Entry entry) {
        entry.gone = true;
        events--;
        bytes -= entry.frame.weight();
        Ring ring = entry.ring;
        ring.droppedUpTo = Math.max(ring.droppedUpTo, entry.frame.sequence());
        if (ring.userId != null && ring.isEmpty() && users.remove(ring.userId, ring)) {
            bytes -= ring.overhead;
            forgottenUsersUpTo = Math.max(forgottenUsersUpTo, ring.droppedUpTo);
        }
        // A ring's own bound leaves the entry on the timeline until it reaches the head or a compaction:
        // it must not keep the frame (up to 64 KiB) alive meanwhile, uncounted.
        entry.frame = null;
        entry.ring = null;
    }

    /**
     * Entries whose frames left by their ring's bound wait on the timeline until they reach its head;
     * once they outnumber the live ones the timeline is rebuilt without them, which costs O(1) per append
     * amortised and keeps the timeline at most twice the frames held.
     */
    private void compactIfStale() {
        if (stale <= Math.max(1024, events)) {
            return;
        }
        for (Iterator<Entry> it = timeline.iterator(); it.hasNext(); ) {
            visited++;
            if (it.next().gone) {
                it.remove();
            }
        }
        stale = 0;
    }

    private void report(String reason, int frames) {
        if (frames > 0) {
            evicted.get(reason).add(frames);
            metrics.historyEvicted(reason, frames);
        }
    }

    /** Frames evicted since start, by reason. */
    public Map<String, Long> evicted() {
        Map<String, Long> counts = new TreeMap<>();
        evicted.forEach((reason, count) -> counts.put(reason, count.sum()));
        return counts;
    }

    /** A frame on the timeline and in its ring. */
    private static final class Entry {
        /** Both let go once the frame left its ring: an entry waiting on the timeline then holds nothing. */
        Frame frame;
        Ring ring;
        boolean gone;

        Entry(Frame frame, Ring ring) {
            this.frame = frame;
            this.ring = ring;
        }
    }

    /** One ring of frames ordered by id, bounded by count and bytes; guarded by the history's lock. */
    private final class Ring {
        final String userId;
        final int overhead;
        final ArrayDeque<Entry> entries = new ArrayDeque<>(4);
        long bytes;
        long droppedUpTo;

        Ring(String userId) {
            this.userId = userId;
            this.overhead = userId == null ? 0 : RING_OVERHEAD_BYTES + 2 * userId.length();
        }

        /** Ids are issued before frames arrive here, so two publishers may append out of order by a step. */
        void insert(Entry entry) {
            Entry last = entries.peekLast();
            if (last == null || last.frame.sequence() <= entry.frame.sequence()) {
                entries.addLast(entry);
            } else {
                List<Entry> newer = new ArrayList<>();
                while (!entries.isEmpty() && entries.peekLast().frame.sequence() > entry.frame.sequence()) {
                    newer.add(entries.removeLast());
                }
                entries.addLast(entry);
                for (int i = newer.size() - 1; i >= 0; i--) {
                    entries.addLast(newer.get(i));
                }
            }
            bytes += entry.frame.weight();
        }

        /** Drops the oldest frames over the ring's bounds, keeping at least the newest. */
        int trim(int maxEvents, int maxBytes) {
            int dropped = 0;
            while (entries.size() > maxEvents || (bytes > maxBytes && entries.size() > 1)) {
                Entry oldest = entries.removeFirst();
                bytes -= oldest.frame.weight();
                stale++;
                forget(oldest);
                dropped++;
            }
            return dropped;
        }

        void remove(Entry entry) {
            // The timeline's oldest entry is its ring's oldest, but for the rare out-of-order append.
            if (entries.peekFirst() == entry) {
                entries.removeFirst();
            } else {
                entries.removeFirstOccurrence(entry);
            }
            bytes -= entry.frame.weight();
        }

        void addAfter(long lastId, List<Frame> into) {
            int start = into.size();
            for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext(); ) {
                Frame frame = it.next().frame;
                if (frame.sequence() <= lastId) {
                    break;
                }
                into.add(frame);
            }
            Collections.reverse(into.subList(start, into.size()));
        }

        boolean isEmpty() {
            return entries.isEmpty();
        }
    }
}
