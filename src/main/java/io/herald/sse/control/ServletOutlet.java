package io.herald.sse.control;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes frames to an HTTP client as the bytes each frame encoded once ({@link Frame#wire()}), straight
 * to the servlet response's output stream, several frames a flush when several are queued.
 *
 * <p>The JAX-RS {@link SseEventSink} still opens the stream: RESTEasy puts the request in async mode
 * for it and writes the status and headers. {@link #open()} makes it do so on the request thread
 * (a comment line), before any frame; after that RESTEasy never writes to the response again, and
 * the stream ends with {@link AsyncContext#complete()}. The sink is not used for events because it
 * formats each one again for every client, through a message body writer, byte by byte, and flushes
 * each one (BENCHMARKS.md, "Outlets").
 *
 * <p>The writes block while the client's socket is full. Liberty's servlet output blocks on flush
 * even in non-blocking mode, so a write listener would not spare a thread; the {@link WriterPool}
 * adds a thread instead, and Liberty's {@code writeTimeout} ends the write: it then counts as stalled.
 */
public final class ServletOutlet implements Outlet, AsyncListener {

    private final SseEventSink sink;
    private final Sse sse;
    private final AsyncContext async;
    private final ServletOutputStream out;
    private final Duration writeTimeout;
    private volatile boolean closed;

    /** To be made on the request thread: the request and response given are only valid there. */
    public ServletOutlet(SseEventSink sink, Sse sse, HttpServletRequest request, HttpServletResponse response,
                         Duration writeTimeout) throws IOException {
        this.sink = sink;
        this.sse = sse;
        this.async = request.getAsyncContext();
        this.out = response.getOutputStream();
        this.writeTimeout = writeTimeout;
        async.addListener(this);
    }

    @Override
    public void open() throws Exception {
        // Synchronous on the request thread: RESTEasy commits the headers and will not write them again.
        sink.send(sse.newEventBuilder().comment("").build()).toCompletableFuture()
                .get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void write(Frame frame) throws Exception {
        long started = System.nanoTime();
        try {
            out.write(frame.wire());
        } catch (IOException e) {
            throw stalledOrGone(e, started);
        }
    }

    @Override
    public synchronized void flush() throws Exception {
        long started = System.nanoTime();
        try {
            out.flush();
        } catch (IOException e) {
            throw stalledOrGone(e, started);
        }
    }

    /** A write that failed after blocking for the write timeout failed because the client stopped reading. */
    private Exception stalledOrGone(IOException e, long started) {
        long blockedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (blockedMillis >= writeTimeout.toMillis() * 9 / 10) {
            TimeoutException stalled = new TimeoutException("the client took nothing for " + blockedMillis + " ms");
            stalled.initCause(e);
            return stalled;
        }
        return e;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            async.complete();
        } catch (IllegalStateException e) {
            // Liberty had completed the request already: the client left or the server is stopping.
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
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }
}
