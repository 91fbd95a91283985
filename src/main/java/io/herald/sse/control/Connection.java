package io.herald.sse.control;

import io.herald.sse.entity.ConnectionInfo;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One open stream. Publishers only {@link #offer} frames; one writer task at a time drains the
 * queues on the writer pool, writing what is queued in one write per batch. A client that stops
 * reading never holds up a publisher, a timer or another client: when its outlet says it cannot take
 * more, its frames wait in its own queue until the outlet is ready again (no outlet of Herald's on
 * Liberty 26.0.0.3 says so: see {@link ServletOutlet}); when its outlet blocks instead (the servlet
 * output, the JAX-RS sink and an in-process subscriber that requests nothing all do), it holds one
 * writer thread, and the pool adds a thread when all of its threads are held ({@link WriterPool}).
 * Live frames are bounded by count and bytes: a client that falls further behind, or whose write
 * fails or stalls, is closed and leaves the registry at once.
 * Frames that must come first (connection_established, a resume's replay) wait in a backlog that
 * drains before the live queue; they are shared with the history, so they cost only queue nodes.
 */
public final class Connection {

    private static final System.Logger LOG = System.getLogger(Connection.class.getName());
    /** Frames written before a flush when many are queued: a flush per frame costs a system call each. */
    static final int MAX_BATCH = 64;
    /** Bytes (as weighed) at most in one write, once it holds a frame. */
    static final int MAX_BATCH_BYTES = 64 * 1024;
    /**
     * Writes one drain task makes before it yields to the other streams' tasks, so that no task holds
     * a writer thread for long (the pool reads a long task that waits as a blocked writer).
     */
    static final int BATCHES_PER_TURN = 4;

    /** What a connection needs from its registry. */
    record Wiring(Executor writers, int capacity, int maxBytes, Clock clock,
                  Consumer<Connection> onClose, Runnable onOutletClosed, SseMetrics metrics, ConnectionLog log) {
    }

    private final String id;
    private final String userId;
    private final TypeFilter filter;
    private final Outlet outlet;
    private final Wiring wiring;
    private final Instant connectedAt;
    private final String remoteAddress;
    private final String userAgent;

    private final Queue<Frame> backlog = new ConcurrentLinkedQueue<>();
    private final Queue<Frame> live = new ConcurrentLinkedQueue<>();
    /*
     * The counts and flags every event reads or changes are fields of this object, updated through
     * VarHandles, not Atomic* objects of their own: one object less to reach per field for every event
     * and every stream, and about 100 bytes less per stream.
     */
    private static final VarHandle QUEUED;
    private static final VarHandle QUEUED_BYTES;
    private static final VarHandle DRAINING;
    private static final VarHandle READY_SIGNALS;
    private static final VarHandle CLOSED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            QUEUED = lookup.findVarHandle(Connection.class, "queued", int.class);
            QUEUED_BYTES = lookup.findVarHandle(Connection.class, "queuedBytes", long.class);
            DRAINING = lookup.findVarHandle(Connection.class, "draining", boolean.class);
            READY_SIGNALS = lookup.findVarHandle(Connection.class, "readySignals", int.class);
            CLOSED = lookup.findVarHandle(Connection.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Live frames queued ({@code QUEUED}). */
    private volatile int queued;
    /** Their weight ({@code QUEUED_BYTES}). */
    private volatile long queuedBytes;
    /** Whether a drain is scheduled or running ({@code DRAINING}): one at a time. */
    private volatile boolean draining;
    /** Counts the outlet's ready signals, so that a drain can tell one arrived while it was ending. */
    private volatile int readySignals;
    /** {@link System#nanoTime()} since when the outlet has not been ready, or 0. */
    private volatile long notReadySince;
    private volatile boolean closed;
    /** Written only by the one draining writer (drains are ordered by {@code draining}), read by anyone. */
    private volatile long eventsSent;
    /** This connection's drain, made once: a method reference per scheduled drain is an allocation. */
    private final Runnable drainTask = this::drain;
    /** Epoch milliseconds, not an Instant: it is set on every write, and an Instant is an allocation. */
    private volatile long lastActivityMillis;
    private volatile CloseReason closeReason;
    private volatile boolean holding;
    /** The position the client resumed from: a live frame at or before it is one it has already. */
    private volatile long resumedAfter = -1;
    private List<Frame> held;
    private volatile Frame farewell;
    private volatile CloseReason farewellReason;
    private volatile ScheduledFuture<?> expiry;
    /** Whether the frame being written came from the live queue; touched by the one draining writer only. */
    private boolean writingLive;
    /** False until {@link #start} for an outlet that {@linkplain Outlet#startsLater starts later}: frames only queue. */
    private volatile boolean started;

    Connection(String id, String userId, TypeFilter filter, Outlet outlet, Wiring wiring,
               String remoteAddress, String userAgent) {
        this.id = id;
        this.userId = userId;
        this.filter = filter;
        this.outlet = outlet;
        this.wiring = wiring;
        this.remoteAddress = remoteAddress;
        this.userAgent = userAgent;
        this.connectedAt = wiring.clock().instant();
        this.lastActivityMillis = connectedAt.toEpochMilli();
        this.started = !outlet.startsLater();
    }

    /**
     * Lets an outlet that {@linkplain Outlet#startsLater starts later} write. What is queued by then
     * (connection_established, a resume's replay) is written on the calling thread, the request's,
     * with no hand-off to a writer; the rest of a long replay goes on on the writer pool.
     */
    public void start() {
        if (started) {
            return;
        }
        started = true;
        if (!closed && DRAINING.compareAndSet(this, false, true)) {
            drain();
        }
    }

    public String id() {
        return id;
    }

    public String userId() {
        return userId;
    }

    public boolean isOpen() {
        return !closed;
    }

    public CloseReason closeReason() {
        return closeReason;
    }

    public Instant lastActivity() {
        return Instant.ofEpochMilli(lastActivityMillis);
    }

    /** True once the client is known to be gone: the sink or subscription says so. */
    boolean isOutletClosed() {
        return outlet.isClosed();
    }

    /**
     * Queues a live frame if the type filter takes it. Never blocks. While a resume is being
     * prepared, live frames are held back and sent after the replay.
     *
     * @return whether the frame was taken
     */
    public boolean offer(Frame frame) {
        if (closed || farewell != null || !filter.accepts(frame.type())
                || (frame.sequence() >= 0 && frame.sequence() <= resumedAfter)) {
            return false;
        }
        if (holding) {
            synchronized (this) {
                if (holding && held.size() < wiring.capacity()) {
                    held.add(frame);
                    return true;
                }
            }
            if (holding) {
                // As many live events arrived while the replay was prepared as the live queue holds.
                wiring.log().fellBehind(() -> "Connection " + id + " of user " + userId + " fell behind while resuming; closing it");
                close(CloseReason.TOO_SLOW);
                return false;
            }
        }
        return enqueueLive(frame);
    }

    private boolean enqueueLive(Frame frame) {
        int weight = frame.weight();
        int depth = (int) QUEUED.getAndAdd(this, 1) + 1;
        if (depth > wiring.capacity() || (long) QUEUED_BYTES.getAndAdd(this, (long) weight) + weight > wiring.maxBytes()) {
            QUEUED.getAndAdd(this, -1);
            QUEUED_BYTES.getAndAdd(this, (long) -weight);
            long depthNow = queued;
            long bytesNow = queuedBytes;
            wiring.log().fellBehind(() -> "Connection " + id + " of user " + userId + " fell behind (" + depthNow
                    + " events, " + bytesNow + " bytes queued); closing it");
            close(CloseReason.TOO_SLOW);
            return false;
        }
        live.add(frame);
        wiring.metrics().queueDepth(depth);
        scheduleDrain();
        return true;
    }

    /** Queues a frame ahead of every live frame (connection_established, resync_required). */
    void sendFirst(Frame frame) {
        backlog.add(frame);
        scheduleDrain();
    }

    /** Holds live frames back until {@link #release}: called before the connection is registered. */
    synchronized void hold() {
        held = new ArrayList<>();
        holding = true;
    }

    /**
     * Sends the replay, then the live frames held meanwhile that the replay did not already contain,
     * so a resuming client sees every event once, in order, before the live ones.
     */
    int release(List<Frame> replay, long after) {
        resumedAfter = after;
        int replayed;
        synchronized (this) {
            Set<Long> sequences = new HashSet<>();
            for (Frame frame : replay) {
                if (filter.accepts(frame.type())) {
                    backlog.add(frame);
                    sequences.add(frame.sequence());
                }
            }
            replayed = sequences.size();
            for (Frame frame : held) {
                boolean seen = sequences.contains(frame.sequence()) || (frame.sequence() >= 0 && frame.sequence() <= after);
                if (!seen && !enqueueLive(frame)) {
                    break;
                }
            }
            held = null;
            // Only now: a publisher that sees it false queues behind the held frames, never ahead of them.
            holding = false;
        }
        scheduleDrain();
        return replayed;
    }

    /**
     * Writes a comment the client ignores, unless a write is under way anyway: a client that left is
     * found by the write after its reset arrives, so two probes a moment apart find it.
     */
    void probe() {
        if (closed || farewell != null || draining) {
            return;
        }
        backlog.add(Frame.PROBE);
        scheduleDrain();
    }

    /** Sends what is queued, then {@code last}, then closes: the end of a token's life or of the server's. */
    public void closeAfter(Frame last, CloseReason reason) {
        if (closed || farewell != null) {
            return;
        }
        farewellReason = reason;
        farewell = last;
        scheduleDrain();
    }

    void expireAt(ScheduledFuture<?> scheduled) {
        expiry = scheduled;
    }

    private void scheduleDrain() {
        if (started && DRAINING.compareAndSet(this, false, true)) {
            try {
                wiring.writers().execute(drainTask);
            } catch (RejectedExecutionException e) {
                draining = false;
                close(CloseReason.SHUTDOWN);
            }
        }
    }

    private void drain() {
        int signals = readySignals;
        boolean waitingForOutlet = false;
        try {
            int batches = 0;
            while (!closed && hasQueued()) {
                if (batches == BATCHES_PER_TURN) {
                    // A long backlog takes turns with the other streams: the rest is rescheduled below.
                    break;
                }
                if (!outlet.isReady()) {
                    waitingForOutlet = true;
                    break;
                }
                // Frames queued together go out in one write; a long backlog in writes of MAX_BATCH
                // frames or MAX_BATCH_BYTES.
                int staged = 0;
                int stagedBytes = 0;
                Frame frame;
                while (staged < MAX_BATCH && stagedBytes < MAX_BATCH_BYTES && (frame = next()) != null) {
                    if (!write(frame)) {
                        return;
                    }
                    staged++;
                    stagedBytes += frame.weight();
                }
                if (staged > 0 && !flush()) {
                    return;
                }
                batches++;
            }
            Frame last = farewell;
            if (last != null && !closed && !hasQueued()) {
                if (!outlet.isReady()) {
                    waitingForOutlet = true;
                } else {
                    writingLive = false;
                    if (write(last)) {
                        flush();
                    }
                    close(farewellReason);
                    return;
                }
            }
        } finally {
            draining = false;
        }
        if (closed) {
            return;
        }
        if (waitingForOutlet) {
            notReadySince = notReadySince == 0 ? System.nanoTime() | 1 : notReadySince;
            // The outlet said ready again while this drain was finishing: its scheduleDrain found us draining.
            if (readySignals != signals) {
                scheduleDrain();
            }
            return;
        }
        notReadySince = 0;
        // A frame offered after the last poll but before draining was reset would wait for the next offer.
        if (hasQueued() || farewell != null) {
            scheduleDrain();
        }
    }

    /**
     * The live queue's count rather than {@code live.isEmpty()}: one volatile read, not a walk from the
     * queue's head (that walk was 5.3 % of the writers' samples at a steady rate, BENCHMARKS.md). The count rises just
     * before a frame is added and falls just after it is taken, so it may say a frame is queued a moment
     * early or late, which costs a drain that finds nothing, and never says empty while one waits.
     */
    private boolean hasQueued() {
        return queued > 0 || !backlog.isEmpty();
    }

    /** From a non-blocking outlet: it can take frames again. */
    private void outletReady() {
        READY_SIGNALS.getAndAdd(this, 1);
        scheduleDrain();
    }

    /** Listens to the outlet; called by the registry before any frame is queued. */
    void listen() {
        outlet.listen(new Outlet.Listener() {
            @Override
            public void ready() {
                outletReady();
            }

            @Override
            public void failed(Throwable cause) {
                closeAfterFailure(cause);
            }
        });
    }

    /** How long the outlet has said it cannot take more, or zero. */
    Duration stalledFor() {
        long since = notReadySince;
        return since == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
    }

    private Frame next() {
        Frame frame = backlog.poll();
        writingLive = frame == null;
        if (frame == null) {
            frame = live.poll();
            if (frame != null) {
                QUEUED.getAndAdd(this, -1);
                QUEUED_BYTES.getAndAdd(this, (long) -frame.weight());
            }
        }
        return frame;
    }

    private boolean write(Frame frame) {
        try {
            outlet.write(frame);
        } catch (Exception e) {
            closeAfterFailure(e);
            return false;
        }
        if (!frame.isKeepAlive()) {
            eventsSent = eventsSent + 1; // the one draining writer
            lastActivityMillis = wiring.clock().millis();
            wiring.metrics().eventDelivered(frame, writingLive);
        }
        LOG.log(Level.TRACE, () -> "Sent " + frame.type() + " " + frame.id() + " to user " + userId + " on connection " + id);
        return true;
    }

    private boolean flush() {
        try {
            outlet.flush();
            return true;
        } catch (Exception e) {
            closeAfterFailure(e);
            return false;
        }
    }

    /**
     * Closes the connection after its outlet failed: as too slow when the write timed out (the client
     * stopped reading), at shutdown when the writer was interrupted, else as gone.
     */
    private void closeAfterFailure(Throwable cause) {
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            close(CloseReason.SHUTDOWN);
        } else if (cause instanceof TimeoutException || cause instanceof java.io.InterruptedIOException) {
            wiring.log().fellBehind(() -> "Connection " + id + " of user " + userId + ": write stalled (" + cause.getMessage()
                    + "); closing it");
            close(CloseReason.TOO_SLOW);
        } else {
            LOG.log(Level.DEBUG, () -> "Connection " + id + ": write failed: " + cause);
            close(CloseReason.CLIENT_GONE);
        }
    }

    /**
     * Closes the connection once: it leaves the registry at once, its queued frames are dropped, and
     * the sink is closed on a writer thread (closing a sink whose write is stuck can block).
     */
    public void close(CloseReason reason) {
        if (!CLOSED.compareAndSet(this, false, true)) {
            return;
        }
        closeReason = reason;
        int dropped = queued + backlog.size();
        backlog.clear();
        live.clear();
        queued = 0;
        queuedBytes = 0;
        ScheduledFuture<?> scheduled = expiry;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        wiring.onClose().accept(this);
        wiring.metrics().connectionClosed(reason, dropped);
        wiring.log().closed(reason, () -> "Closed connection " + id + " of user " + userId + ": " + reason
                + (dropped == 0 ? "" : " (" + dropped + " queued event(s) dropped)"));
        try {
            wiring.writers().execute(this::closeOutlet);
        } catch (RejectedExecutionException e) {
            closeOutlet();
        }
    }

    private void closeOutlet() {
        try {
            outlet.close();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "Connection " + id + ": closing the outlet failed: " + e);
        } finally {
            wiring.onOutletClosed().run();
        }
    }

    public ConnectionInfo info() {
        return new ConnectionInfo(id, userId, connectedAt, lastActivity(), eventsSent, queued,
                remoteAddress, userAgent, filter.toString());
    }
}
