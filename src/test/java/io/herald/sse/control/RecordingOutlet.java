package io.herald.sse.control;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A test outlet: records frames, and can block, time out or fail on demand. */
class RecordingOutlet implements Outlet {

    final List<Frame> written = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch writing = new CountDownLatch(1);
    volatile boolean blockWrites;
    volatile Exception failWith;
    volatile boolean closed;
    volatile int probes;
    volatile int flushes;
    /** Whether it takes frames now; when false, {@link #becomeReady} is what Liberty's onWritePossible does. */
    volatile boolean ready = true;
    volatile Outlet.Listener listener;
    /** How many frames had been written at each flush. */
    final List<Integer> writtenAtFlush = new CopyOnWriteArrayList<>();

    @Override
    public void write(Frame frame) throws Exception {
        writing.countDown();
        if (blockWrites && !release.await(10, TimeUnit.SECONDS)) {
            throw new TimeoutException("test outlet never released");
        }
        if (failWith != null) {
            throw failWith;
        }
        if (!frame.isProbe()) {
            written.add(frame); // EventSource never surfaces the comment a probe writes
        }
        probes += frame.isProbe() ? 1 : 0;
    }

    @Override
    public void listen(Outlet.Listener listener) {
        this.listener = listener;
    }

    @Override
    public boolean isReady() {
        return ready;
    }

    void becomeReady() {
        ready = true;
        listener.ready();
    }

    @Override
    public void flush() throws Exception {
        if (failWith != null) {
            throw failWith;
        }
        flushes++;
        writtenAtFlush.add(written.size());
    }

    List<String> types() {
        return written.stream().map(Frame::type).toList();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
