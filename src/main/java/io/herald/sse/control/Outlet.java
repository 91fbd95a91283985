package io.herald.sse.control;

import java.util.concurrent.TimeoutException;

/**
 * Where one connection's frames go: an HTTP response, or an in-process subscriber. An outlet either
 * blocks in {@link #write}/{@link #flush} while its receiver is full (at most the write timeout), or
 * never blocks: then {@link #isReady} says whether it can take more now, and when it said no, the
 * outlet tells its {@link Listener} once it can.
 */
public interface Outlet {

    /** What a non-blocking outlet reports to its connection. */
    interface Listener {
        /** The outlet can take frames again after {@link #isReady} said it could not. */
        void ready();

        /** The receiver is gone, or took nothing for the write timeout. */
        void failed(Throwable cause);
    }

    /** Called once, before {@link #open}. */
    default void listen(Listener listener) {
    }

    /**
     * Whether the connection must hold its frames until {@link Connection#start()}: an HTTP outlet whose
     * response the JAX-RS runtime commits only after the resource method has returned.
     */
    default boolean startsLater() {
        return false;
    }

    /**
     * Whether a write would be taken now. Asked before each batch, on the thread that then writes it;
     * after a false, the outlet calls {@link Listener#ready} once it can take more.
     */
    default boolean isReady() {
        return true;
    }

    /**
     * Writes one frame; it may stay buffered until {@link #flush}. Called by one thread at a time,
     * never by a publisher.
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
