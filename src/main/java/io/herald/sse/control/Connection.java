package io.herald.sse.control;

import io.herald.sse.entity.ConnectionInfo;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One open stream. Publishers only {@link #offer} frames to its bounded queue; one writer task at a
 * time drains the queue on the executor, so a client that stops reading blocks a single writer
 * thread, never a publisher, a timer or another client. A client that falls {@code capacity}
 * frames behind, or whose write fails or stalls, is closed and removed from the registry at once.
 */
public final class Connection {

    private static final System.Logger LOG = System.getLogger(Connection.class.getName());

    private final String id;
    private final String userId;
    private final TypeFilter filter;
    private final Outlet outlet;
    private final Executor writers;
    private final int capacity;
    private final Clock clock;
    private final Consumer<Connection> onClose;
    private final Instant connectedAt;
    private final String remoteAddress;
    private final String userAgent;

    private final Queue<Frame> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LongAdder eventsSent = new LongAdder();
    private volatile Instant lastActivity;
    private volatile CloseReason closeReason;

    Connection(String id, String userId, TypeFilter filter, Outlet outlet, Executor writers, int capacity,
               Clock clock, Consumer<Connection> onClose, String remoteAddress, String userAgent) {
        this.id = id;
        this.userId = userId;
        this.filter = filter;
        this.outlet = outlet;
        this.writers = writers;
        this.capacity = capacity;
        this.clock = clock;
        this.onClose = onClose;
        this.remoteAddress = remoteAddress;
        this.userAgent = userAgent;
        this.connectedAt = clock.instant();
        this.lastActivity = connectedAt;
    }

    public String id() {
        return id;
    }

    public String userId() {
        return userId;
    }

    public boolean isOpen() {
        return !closed.get();
    }

    public CloseReason closeReason() {
        return closeReason;
    }

    public Instant lastActivity() {
        return lastActivity;
    }

    /** True once the client is known to be gone: the sink or subscription says so. */
    boolean isOutletClosed() {
        return outlet.isClosed();
    }

    /**
     * Queues a frame for this client if its type filter takes it. Never blocks.
     *
     * @return whether the frame was queued
     */
    public boolean offer(Frame frame) {
        if (closed.get() || !filter.accepts(frame.type())) {
            return false;
        }
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            LOG.log(Level.WARNING, "Connection {0} of user {1} fell {2} events behind; closing it",
                    id, userId, capacity);
            close(CloseReason.TOO_SLOW);
            return false;
        }
        queue.add(frame);
        scheduleDrain();
        return true;
    }

    private void scheduleDrain() {
        if (draining.compareAndSet(false, true)) {
            try {
                writers.execute(this::drain);
            } catch (RejectedExecutionException e) {
                draining.set(false);
                close(CloseReason.SHUTDOWN);
            }
        }
    }

    private void drain() {
        try {
            Frame frame;
            while (!closed.get() && (frame = queue.poll()) != null) {
                queued.decrementAndGet();
                if (!write(frame)) {
                    return;
                }
            }
        } finally {
            draining.set(false);
        }
        // A frame offered after the last poll but before draining was reset would wait for the next offer.
        if (!closed.get() && !queue.isEmpty()) {
            scheduleDrain();
        }
    }

    private boolean write(Frame frame) {
        try {
            outlet.write(frame);
        } catch (TimeoutException e) {
            LOG.log(Level.WARNING, "Connection {0} of user {1}: write stalled ({2}); closing it",
                    id, userId, e.getMessage());
            close(CloseReason.TOO_SLOW);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(CloseReason.SHUTDOWN);
            return false;
        } catch (Exception e) {
            LOG.log(Level.DEBUG, () -> "Connection " + id + ": write failed: " + e);
            close(CloseReason.CLIENT_GONE);
            return false;
        }
        if (!frame.isHeartbeat()) {
            eventsSent.increment();
            lastActivity = clock.instant();
        }
        LOG.log(Level.TRACE, () -> "Sent " + frame.type() + " to user " + userId + " on connection " + id);
        return true;
    }

    /**
     * Closes the connection once: it leaves the registry at once, its queued frames are dropped, and
     * the sink is closed on a writer thread (closing a sink whose write is stuck can block).
     */
    public void close(CloseReason reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeReason = reason;
        queue.clear();
        queued.set(0);
        onClose.accept(this);
        LOG.log(Level.INFO, "Closed connection {0} of user {1}: {2}", id, userId, reason);
        try {
            writers.execute(this::closeOutlet);
        } catch (RejectedExecutionException e) {
            closeOutlet();
        }
    }

    private void closeOutlet() {
        try {
            outlet.close();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "Connection " + id + ": closing the outlet failed: " + e);
        }
    }

    public ConnectionInfo info() {
        return new ConnectionInfo(id, userId, connectedAt, lastActivity, eventsSent.sum(), queued.get(),
                remoteAddress, userAgent, filter.toString());
    }
}
