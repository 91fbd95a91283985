package io.herald.sse.control;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that write to the clients: a few long-lived ones, made once by a {@link ThreadFactory}
 * (Liberty's {@code ManagedThreadFactory}, which captures the application's context when it makes a
 * thread, so no task pays for capturing and restoring context). A write blocks while its client's
 * socket is full: Liberty's servlet output writes synchronously, even in non-blocking mode (seen in
 * {@code SlowClientIT}: a writer waiting in {@code processSyncWriteRequest} under
 * {@code WCOutputStream31.write_NonBlocking}). So a watcher adds a thread whenever every thread has
 * been inside one task for longer than {@code blockedAfter}, waiting rather than running, and work is
 * waiting, up to {@code maxThreads}; the added threads end after a while without work.
 * Netty's event loops and Go's scheduler hand-off are the models: as many running writers as cores,
 * never a connection waiting behind another one's full socket for long.
 *
 * <p>Bounds: at most {@code maxThreads} threads; the queue holds at most one drain task per
 * connection (a connection schedules one only when none is queued or running) plus one close task
 * per connection closing, so it is bounded by the connection limit.
 */
public final class WriterPool implements Executor {

    private static final System.Logger LOG = System.getLogger(WriterPool.class.getName());
    private static final long EXTRA_IDLE_MILLIS = 10_000;

    private final ThreadFactory factory;
    private final int coreThreads;
    private final int maxThreads;
    private final long blockedAfterNanos;
    private final long extraIdleMillis;
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final Set<Worker> workers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger threads = new AtomicInteger();
    private final AtomicInteger added = new AtomicInteger();
    private final Thread watcher;
    private volatile boolean stopped;

    public WriterPool(ThreadFactory factory, int coreThreads, int maxThreads, long blockedAfterMillis) {
        this(factory, coreThreads, maxThreads, blockedAfterMillis, EXTRA_IDLE_MILLIS);
    }

    WriterPool(ThreadFactory factory, int coreThreads, int maxThreads, long blockedAfterMillis, long extraIdleMillis) {
        if (coreThreads < 1 || maxThreads < coreThreads) {
            throw new IllegalArgumentException("need 1 <= coreThreads <= maxThreads, got " + coreThreads + ", " + maxThreads);
        }
        this.factory = factory;
        this.coreThreads = coreThreads;
        this.maxThreads = maxThreads;
        this.blockedAfterNanos = TimeUnit.MILLISECONDS.toNanos(blockedAfterMillis);
        this.extraIdleMillis = extraIdleMillis;
        for (int i = 0; i < coreThreads; i++) {
            start(true);
        }
        watcher = factory.newThread(this::watch);
        watcher.setName("herald-writer-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    @Override
    public void execute(Runnable task) {
        if (stopped) {
            throw new RejectedExecutionException("the writer pool has stopped");
        }
        tasks.add(task);
    }

    /** Threads now, and threads added beyond the core ones since the start (each time all were blocked). */
    public int threads() {
        return threads.get();
    }

    public int threadsAdded() {
        return added.get();
    }

    /** Stops every thread; queued tasks are dropped (the registry has closed every connection by then). */
    public void stop() {
        stopped = true;
        watcher.interrupt();
        workers.forEach(worker -> worker.thread.interrupt());
        tasks.clear();
    }

    private void start(boolean core) {
        threads.incrementAndGet();
        Worker worker = new Worker(core);
        Thread thread = factory.newThread(worker);
        thread.setName("herald-writer-" + (core ? "" : "extra-") + threads.get());
        thread.setDaemon(true);
        worker.thread = thread;
        workers.add(worker);
        thread.start();
    }

    private void watch() {
        while (!stopped) {
            try {
                Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(blockedAfterNanos) / 2));
            } catch (InterruptedException e) {
                return;
            }
            if (!tasks.isEmpty() && threads.get() < maxThreads && allBlocked()) {
                added.incrementAndGet();
                LOG.log(Level.DEBUG, () -> "Every writer thread is held (" + whatTheyDo() + "); adding one ("
                        + (threads.get() + 1) + ")");
                start(false);
            }
        }
    }

    /** Where each writer is, a few frames deep: a socket write, a subscriber's demand, a close. */
    private String whatTheyDo() {
        StringBuilder out = new StringBuilder();
        for (Worker worker : workers) {
            StackTraceElement[] stack = worker.thread.getStackTrace();
            out.append(worker.thread.getName()).append(" at ")
                    .append(java.util.Arrays.toString(java.util.Arrays.copyOf(stack, Math.min(6, stack.length)))).append("; ");
        }
        return out.toString();
    }

    /**
     * True when every writer has been inside one task for {@code blockedAfter} and is waiting, not
     * running. A writer whose socket is full waits ({@code Object.wait} in Liberty's
     * {@code SimpleSync}, under {@code processSyncWriteRequest}); a writer that is RUNNABLE is
     * writing, or has been preempted or stopped by a GC pause, and another thread would only compete
     * with it for the same cores. Before this check a long GC pause or a connect storm on one core made
     * every writer look blocked, and an added writer then stayed: under a steady rate it never had
     * {@code extraIdle} without work.
     */
    private boolean allBlocked() {
        long now = System.nanoTime();
        for (Worker worker : workers) {
            long since = worker.busySince;
            if (since == 0 || now - since < blockedAfterNanos || !waiting(worker.thread)) {
                return false;
            }
        }
        return true;
    }

    private static boolean waiting(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED;
    }

    private final class Worker implements Runnable {
        private final boolean core;
        private volatile long busySince;
        private Thread thread;

        Worker(boolean core) {
            this.core = core;
        }

        @Override
        public void run() {
            try {
                while (!stopped) {
                    Runnable task = core ? tasks.take() : tasks.poll(extraIdleMillis, TimeUnit.MILLISECONDS);
                    if (task == null) {
                        return; // an added thread without work for a while
                    }
                    busySince = System.nanoTime() | 1; // never 0, which means idle
                    try {
                        task.run();
                    } catch (RuntimeException | Error e) {
                        LOG.log(Level.ERROR, "A writer task failed", e);
                    } finally {
                        busySince = 0;
                    }
                }
            } catch (InterruptedException e) {
                // stopping
            } finally {
                workers.remove(this);
                threads.decrementAndGet();
            }
        }
    }
}
