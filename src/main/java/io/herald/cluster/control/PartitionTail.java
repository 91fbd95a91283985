package io.herald.cluster.control;

import io.herald.sse.control.Frame;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The newest frames of one partition that this node consumed, within a byte budget and an age, so that
 * most resumes cost nothing; older positions are read from Kafka. It knows every record from
 * {@link #from()} on: a resume from before that goes to Kafka.
 */
final class PartitionTail {

    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private final long maxBytes;
    private long bytes;
    private long from;
    private long evicted;

    PartitionTail(long maxBytes, long from) {
        this.maxBytes = maxBytes;
        this.from = from;
    }

    /** Frames come in offset order, from the node's one consumer. */
    synchronized void append(Frame frame) {
        frames.addLast(frame);
        bytes += frame.weight();
        while (bytes > maxBytes && frames.size() > 1) {
            drop();
        }
    }

    private void drop() {
        Frame oldest = frames.removeFirst();
        bytes -= oldest.weight();
        from = Math.max(from, oldest.sequence() + 1);
        evicted++;
    }

    /** The first offset from which this tail holds every frame. */
    synchronized long from() {
        return from;
    }

    /** {@code userId}'s frames and the broadcasts after {@code offset}, oldest first. */
    synchronized List<Frame> after(long offset, String userId) {
        List<Frame> newer = new ArrayList<>();
        for (Frame frame : frames) {
            if (frame.sequence() > offset && (frame.userId() == null || frame.userId().equals(userId))) {
                newer.add(frame);
            }
        }
        return newer;
    }

    synchronized void dropOlderThan(Instant oldest) {
        while (!frames.isEmpty() && frames.peekFirst().timestamp().isBefore(oldest)) {
            drop();
        }
    }

    synchronized int count() {
        return frames.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized long evicted() {
        return evicted;
    }
}
