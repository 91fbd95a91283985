package io.herald.sse.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Issues event ids that increase for the life of the server and across restarts: an id is the
 * wall-clock time in microseconds, or one more than the previous id if that is larger. A restarted
 * server therefore starts above every id it issued before, unless it sustained more than a million
 * events a second, so a client never takes a new event for an old one.
 */
@ApplicationScoped
public class EventIds {

    private final AtomicLong last;
    private final LongSupplier clockMicros;
    private final long firstOfThisRun;

    public EventIds() {
        this(() -> TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis()));
    }

    EventIds(LongSupplier clockMicros) {
        this.clockMicros = clockMicros;
        this.firstOfThisRun = clockMicros.getAsLong();
        this.last = new AtomicLong(firstOfThisRun - 1);
    }

    /** No id this run issues is smaller: a client's id below it comes from before a restart. */
    public long firstOfThisRun() {
        return firstOfThisRun;
    }

    /** The newest id issued (or just below the first, before any). */
    public long last() {
        return last.get();
    }

    public String next() {
        long now = clockMicros.getAsLong();
        return Long.toString(last.accumulateAndGet(now, (previous, clock) -> Math.max(previous + 1, clock)));
    }

    /** An id Herald issued is a positive decimal number; anything else is an unknown id (resync_required). */
    public static Long parse(String lastEventId) {
        if (lastEventId.isEmpty() || lastEventId.length() > 19) {
            return null;
        }
        for (int i = 0; i < lastEventId.length(); i++) {
            char c = lastEventId.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(lastEventId);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
