package io.herald.sse.control;

/**
 * What the delivery path reports to monitoring. The {@code metrics} module implements it with
 * MicroProfile Metrics; {@link #NONE} serves unit tests and in-process use without a server.
 * Every method is called on hot paths, so implementations only count.
 */
public interface SseMetrics {

    /** A stream was opened. */
    void connectionOpened();

    /** A stream was refused: {@code reason} is one of {@code user_limit}, {@code server_limit}, {@code draining}. */
    void connectionRefused(String reason);

    /** A stream was closed, with the frames that were still queued for it and are now dropped. */
    void connectionClosed(CloseReason reason, int droppedFrames);

    /** An event left the publish path for one audience (everyone or one user). */
    void eventPublished(String type);

    /**
     * An event was written to a client. {@code live} is false for frames replayed from the history,
     * whose age says nothing about delivery speed.
     */
    void eventDelivered(Frame frame, boolean live);

    /** Frames replayed to a resuming client. */
    void eventsReplayed(int frames);

    /** A resuming client was told to resync. */
    void resyncRequired();

    /** A connection's live queue reached this depth. */
    void queueDepth(int depth);

    /**
     * Frames left the resume history: {@code reason} is {@code budget} (the total over
     * {@code herald.sse.history.max-total-bytes}), {@code ring_limit} (a user's or the broadcast ring's
     * own bound) or {@code age}.
     */
    void historyEvicted(String reason, int frames);

    /** Counts nothing. */
    SseMetrics NONE = new SseMetrics() {
        @Override
        public void connectionOpened() {
        }

        @Override
        public void connectionRefused(String reason) {
        }

        @Override
        public void connectionClosed(CloseReason reason, int droppedFrames) {
        }

        @Override
        public void eventPublished(String type) {
        }

        @Override
        public void eventDelivered(Frame frame, boolean live) {
        }

        @Override
        public void eventsReplayed(int frames) {
        }

        @Override
        public void resyncRequired() {
        }

        @Override
        public void queueDepth(int depth) {
        }

        @Override
        public void historyEvicted(String reason, int frames) {
        }
    };
}
