package io.herald.sse.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The recent events, kept so that a client that reconnects with {@code Last-Event-ID} gets what it
 * missed: a bounded ring per user and one for broadcasts (count, bytes and age from
 * {@link SseConfig}). Each ring remembers the newest id it had to drop, so the history can tell
 * when it cannot give a client everything after its last id.
 * <p>
 * Frames and ids are all it needs: a shared store (a later issue) can replace it behind the same
 * three calls, append, since and prune.
 */
@ApplicationScoped
public class EventHistory {

    /** What a resuming client gets: the events after its last id, and whether any may be missing. */
    public record Replay(List<Frame> frames, boolean complete) {
    }

    /** How much the history holds. */
    public record Size(int users, long events, long bytes) {
    }

    private final Map<String, Ring> users = new ConcurrentHashMap<>();
    private final Ring broadcasts = new Ring();
    private final AtomicLong forgottenUsersUpTo = new AtomicLong();

    @Inject
    SseConfig config;

    @Inject
    EventIds ids;

    /** Records a frame: in its user's ring, or the broadcast ring when it has no user. */
    public void append(Frame frame) {
        if (frame.userId() == null) {
            broadcasts.append(frame, config.historyMaxEvents(), config.historyMaxBytes());
        } else {
            users.compute(frame.userId(), (user, ring) -> {
                Ring target = ring == null ? new Ring() : ring;
                target.append(frame, config.historyMaxEvents(), config.historyMaxBytes());
                return target;
            });
        }
    }

    /** The events {@code userId} may see with an id above {@code lastId}, oldest first. */
    public Replay since(String userId, long lastId) {
        boolean known = lastId >= ids.firstOfThisRun() && lastId <= ids.last();
        Ring own = users.get(userId);
        long ownDroppedUpTo = own == null ? forgottenUsersUpTo.get() : own.droppedUpTo();
        boolean complete = known && ownDroppedUpTo <= lastId && broadcasts.droppedUpTo() <= lastId;

        List<Frame> frames = new ArrayList<>(broadcasts.after(lastId));
        if (own != null) {
            frames.addAll(own.after(lastId));
        }
        frames.sort(Comparator.comparingLong(Frame::sequence));
        return new Replay(frames, complete);
    }

    /** Drops what is older than the maximum age, and the rings left empty. */
    public void prune(Instant now) {
        Instant oldest = now.minus(config.historyMaxAge());
        broadcasts.dropOlderThan(oldest);
        for (String user : List.copyOf(users.keySet())) {
            users.computeIfPresent(user, (key, ring) -> {
                ring.dropOlderThan(oldest);
                if (ring.isEmpty()) {
                    forgottenUsersUpTo.accumulateAndGet(ring.droppedUpTo(), Math::max);
                    return null;
                }
                return ring;
            });
        }
    }

    public Size size() {
        long events = broadcasts.count();
        long bytes = broadcasts.bytes();
        for (Ring ring : users.values()) {
            events += ring.count();
            bytes += ring.bytes();
        }
        return new Size(users.size(), events, bytes);
    }

    /** One bounded, ordered ring of frames. */
    private static final class Ring {
        private final ArrayDeque<Frame> frames = new ArrayDeque<>();
        private long bytes;
        private long droppedUpTo;

        synchronized void append(Frame frame, int maxEvents, int maxBytes) {
            frames.addLast(frame);
            bytes += frame.weight();
            while (frames.size() > maxEvents || (bytes > maxBytes && frames.size() > 1)) {
                dropOldest();
            }
        }

        synchronized List<Frame> after(long lastId) {
            List<Frame> newer = new ArrayList<>();
            for (var it = frames.descendingIterator(); it.hasNext(); ) {
                Frame frame = it.next();
                if (frame.sequence() <= lastId) {
                    break;
                }
                newer.add(frame);
            }
            java.util.Collections.reverse(newer);
            return newer;
        }

        synchronized void dropOlderThan(Instant oldest) {
            while (!frames.isEmpty() && frames.peekFirst().timestamp().isBefore(oldest)) {
                dropOldest();
            }
        }

        private void dropOldest() {
            Frame dropped = frames.removeFirst();
            bytes -= dropped.weight();
            droppedUpTo = Math.max(droppedUpTo, dropped.sequence());
        }

        synchronized long droppedUpTo() {
            return droppedUpTo;
        }

        synchronized boolean isEmpty() {
            return frames.isEmpty();
        }

        synchronized int count() {
            return frames.size();
        }

        synchronized long bytes() {
            return bytes;
        }
    }
}
