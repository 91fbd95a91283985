package io.herald.sse.control;

import java.util.concurrent.TimeoutException;

/** Where one connection's frames go: an HTTP response, or an in-process subscriber. */
public interface Outlet {

    /**
     * Called once on the thread that opens the connection, after its limits were checked and before
     * any frame is written: an HTTP outlet commits its response headers here.
     */
    default void open() throws Exception {
    }

    /**
     * Writes one frame, blocking at most the write timeout; it may stay buffered until {@link #flush}.
     * Called by one thread at a time, never by a publisher.
     *
     * @throws TimeoutException if the receiver did not take the frame in time
     * @throws Exception if the receiver is gone
     */
    void write(Frame frame) throws Exception;

    /** Sends what {@link #write} buffered; called after each batch of frames. */
    default void flush() throws Exception {
    }

    boolean isClosed();

    void close();
}
