package io.herald.sse.control;

import java.util.concurrent.TimeoutException;

/** Where one connection's frames go: an HTTP event sink, or an in-process subscriber. */
public interface Outlet {

    /**
     * Writes one frame, blocking at most the write timeout. Called by one thread at a time, never
     * by a publisher.
     *
     * @throws TimeoutException if the receiver did not take the frame in time
     * @throws Exception if the receiver is gone
     */
    void write(Frame frame) throws Exception;

    boolean isClosed();

    void close();
}
