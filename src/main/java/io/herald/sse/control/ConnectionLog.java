package io.herald.sse.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.System.Logger.Level;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The log lines of streams opening, closing, being refused and falling behind. Each is an INFO (or
 * WARNING) line of its own up to {@value #LINES_PER_SECOND} lines a second; past that, as when
 * thousands of clients reconnect at once, the rest go to FINE and one line a second (or at the next
 * clean-up) sums them up. A mass reconnect then writes a few dozen lines instead of tens of
 * thousands, and writers do not queue on the log file's lock.
 */
@ApplicationScoped
public class ConnectionLog {

    static final int LINES_PER_SECOND = 20;
    private static final System.Logger LOG = System.getLogger(ConnectionLog.class.getName());

    private final Object window = new Object();
    private final AtomicInteger linesThisSecond = new AtomicInteger();
    private volatile long secondStartedNanos = System.nanoTime();
    private volatile long quietSinceNanos = System.nanoTime();
    private final LongAdder opened = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder behind = new LongAdder();
    private final Map<CloseReason, LongAdder> closed = new EnumMap<>(CloseReason.class);

    public ConnectionLog() {
        for (CloseReason reason : CloseReason.values()) {
            closed.put(reason, new LongAdder());
        }
    }

    void opened(Supplier<String> line) {
        log(Level.INFO, line, opened);
    }

    void closed(CloseReason reason, Supplier<String> line) {
        log(Level.INFO, line, closed.get(reason));
    }

    void fellBehind(Supplier<String> line) {
        log(Level.WARNING, line, behind);
    }

    public void refused(Supplier<String> line) {
        log(Level.INFO, line, refused);
    }

    private void log(Level level, Supplier<String> line, LongAdder summarised) {
        rollWindow();
        if (linesThisSecond.incrementAndGet() <= LINES_PER_SECOND) {
            LOG.log(level, line);
        } else {
            summarised.increment();
            LOG.log(Level.DEBUG, line);
        }
    }

    private void rollWindow() {
        long now = System.nanoTime();
        if (now - secondStartedNanos < 1_000_000_000L) {
            return;
        }
        synchronized (window) {
            if (now - secondStartedNanos >= 1_000_000_000L) {
                secondStartedNanos = now;
                linesThisSecond.set(0);
                flush();
            }
        }
    }

    /** Writes the summary of the lines kept back so far, if any (also called by the clean-up timer). */
    public void flush() {
        StringJoiner parts = new StringJoiner(", ");
        add(parts, opened.sumThenReset(), "opened");
        StringJoiner reasons = new StringJoiner(", ");
        long closedCount = 0;
        for (Map.Entry<CloseReason, LongAdder> entry : closed.entrySet()) {
            long count = entry.getValue().sumThenReset();
            if (count > 0) {
                reasons.add(entry.getKey() + " " + count);
                closedCount += count;
            }
        }
        if (closedCount > 0) {
            parts.add(closedCount + " closed (" + reasons + ")");
        }
        add(parts, refused.sumThenReset(), "refused");
        add(parts, behind.sumThenReset(), "closed for falling behind (warning)");
        long now = System.nanoTime();
        if (parts.length() > 0) {
            LOG.log(Level.INFO, "Streams in the last {0} s, beyond the {1} lines a second logged one by one: {2}"
                    + " (each at FINE)", Math.max(1, (now - quietSinceNanos) / 1_000_000_000L), LINES_PER_SECOND, parts);
        }
        quietSinceNanos = now;
    }

    private static void add(StringJoiner parts, long count, String what) {
        if (count > 0) {
            parts.add(count + " " + what);
        }
    }
}
