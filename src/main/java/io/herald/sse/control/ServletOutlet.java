package io.herald.sse.control;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes frames to an HTTP client: the bytes each frame encoded once ({@link Frame#wire()}), straight
 * to the servlet response's output stream, several frames in one write when several are queued, one
 * flush per write.
 *
 * <p>The JAX-RS {@link SseEventSink} still opens the stream: RESTEasy puts the request in async mode
 * for it, and once the resource method has returned it sets the status and headers and flushes. That
 * first flush of a response Liberty only commits, without sending anything
 * ({@code HttpOutputStreamImpl.ignoreFlush}), so this outlet {@linkplain #startsLater starts later}:
 * its connection writes nothing until RESTEasy is done with the request ({@code StreamStartFilter}),
 * and then its first frames leave on the request thread, in the same socket write as the headers.
 * RESTEasy never writes to the response again, and the stream ends with {@link AsyncContext#complete()}.
 * The sink is not used for events because it formats each one again for every client, through a
 * message body writer, byte by byte, and flushes each one (BENCHMARKS.md, "The outlets side by side").
 *
 * <p>Writes block. Liberty 26.0.0.3 writes synchronously even in the servlet's non-blocking mode (its
 * {@code write_NonBlocking} reaches the HTTP channel's blocking {@code flushBuffers}), so a
 * {@code WriteListener} bought nothing but its cost on every stream: a thread-context capture and a
 * task on Liberty's executor when it was set, a thread-local lookup before every write. A client whose
 * socket is full holds the writer thread until it reads or Liberty's {@code writeTimeout} ends the
 * write; the {@link WriterPool} then adds a thread, and no other client waits for long.
 *
 * <p>After each write Liberty's pooled response buffers go back to its pool ({@link LibertyResponseBuffers}),
 * so an idle stream holds none: 16 KiB less per stream, half of it outside the heap.
 */
public final class ServletOutlet implements Outlet, AsyncListener {

    /**
     * The response buffer: Liberty's HTTP channel buffers in pooled buffers of 8 KiB at least, so one such
     * buffer per write (its default of 32 KiB has room for four). A larger write goes out in pieces.
     * Unless {@link LibertyResponseBuffers} gives them back after each write, a stream keeps the
     * buffers it used until it ends.
     */
    private static final int RESPONSE_BUFFER_BYTES = 8 * 1024;

    private final AsyncContext async;
    private final ServletOutputStream out;
    /** Gives Liberty's buffers back to its pool once a write has gone out, or does nothing. */
    private final Runnable releaseBuffers;
    private final Duration writeTimeout;
    private volatile boolean closed;
    /** Held while a write is under way; a close never waits for it (a write can block: see above). */
    private final ReentrantLock writing = new ReentrantLock();
    private final AtomicBoolean completed = new AtomicBoolean();
    private volatile Listener listener = new Listener() {
        @Override
        public void ready() {
        }

        @Override
        public void failed(Throwable cause) {
        }
    };
    /** The batch being staged: one frame's shared bytes, or several copied together. Writer thread only. */
    private byte[] single;
    private ByteArrayOutputStream several;

    /**
     * To be made on the request thread, once it is in async mode: the request and response are only valid
     * there. The output stream is the container's own, from the async context: the one a JAX-RS runtime
     * injects wraps it with work of its own on every write (RESTEasy's records that the stream was written).
     *
     * @param releaseBuffers whether Liberty's response buffers go back to its pool after each write
     *                       ({@link LibertyResponseBuffers}), or stay with the stream until it ends
     */
    public ServletOutlet(HttpServletRequest request, Duration writeTimeout, boolean releaseBuffers) throws IOException {
        this.async = request.getAsyncContext();
        ServletResponse response = async.getResponse();
        response.setBufferSize(RESPONSE_BUFFER_BYTES);
        this.out = response.getOutputStream();
        this.releaseBuffers = releaseBuffers ? LibertyResponseBuffers.of(out) : LibertyResponseBuffers.KEEP;
        this.writeTimeout = writeTimeout;
        async.addListener(this);
    }

    /**
     * For operators: whether streams give Liberty's response buffers back after each write, or keep
     * them, and why ({@link LibertyResponseBuffers}).
     */
    public static String responseBuffers(SseConfig config) {
        if (!"servlet".equals(config.outlet())) {
            return "kept: herald.sse.outlet=" + config.outlet();
        }
        return config.releaseResponseBuffers() ? LibertyResponseBuffers.state() : "kept: herald.sse.response-buffers=keep";
    }

    @Override
    public void listen(Listener listener) {
        this.listener = listener;
    }

    /** RESTEasy commits the response after the resource method returns; nothing may be written before. */
    @Override
    public boolean startsLater() {
        return true;
    }

    @Override
    public boolean isReady() {
        return !closed;
    }

    @Override
    public void write(Frame frame) {
        byte[] bytes = frame.wire();
        if (single == null && several == null) {
            single = bytes;
            return;
        }
        if (several == null) {
            several = new ByteArrayOutputStream(single.length * 4);
            several.writeBytes(single);
            single = null;
        }
        several.writeBytes(bytes);
    }

    @Override
    public void flush() throws Exception {
        byte[] batch = several != null ? several.toByteArray() : single;
        single = null;
        several = null;
        if (batch == null) {
            return;
        }
        writing.lock();
        long started = System.nanoTime();
        try {
            if (closed) {
                throw new IOException("the stream is closed");
            }
            out.write(batch);
            out.flush();
            releaseBuffers.run();
        } catch (IOException e) {
            throw stalledOrGone(e, started);
        } finally {
            writing.unlock();
        }
        if (closed) {
            completeUnlessWriting(); // a close came while this write was under way
        }
    }

    /** A write that failed after blocking for about the write timeout failed because the client stopped reading. */
    private Exception stalledOrGone(IOException e, long started) {
        long blockedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (blockedMillis < writeTimeout.toMillis() * 9 / 10) {
            return e;
        }
        TimeoutException stalled = new TimeoutException("the client took nothing for " + blockedMillis + " ms");
        stalled.initCause(e);
        return stalled;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /**
     * Ends the stream. A write blocked on a full socket is not waited for: the thread that made it ends
     * the stream when it returns, so a close never holds a second writer thread.
     */
    @Override
    public void close() {
        closed = true;
        completeUnlessWriting();
    }

    private void completeUnlessWriting() {
        if (!writing.tryLock()) {
            return;
        }
        try {
            if (completed.compareAndSet(false, true)) {
                async.complete();
            }
        } catch (IllegalStateException e) {
            // Liberty had completed the request already: the client left or the server is stopping.
        } finally {
            writing.unlock();
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
        closed = true;
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        closed = true;
    }

    @Override
    public void onError(AsyncEvent event) {
        closed = true;
        listener.failed(event.getThrowable());
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }
}
