package io.herald.sse.control;

import io.herald.sse.entity.SerializedPayload;
import io.herald.sse.entity.SseEventPublished;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where committed events go and where they come back from, in one order per stream: on one node the
 * memory of this JVM ({@link InMemoryEventLog}), in a cluster a log every node shares (the
 * {@code cluster} module's Kafka topic). Whichever it is, it hands each event back to {@link Fanout}
 * as frames, so there is one delivery path, and it alone knows what its ids mean.
 */
public interface EventLog {

    /**
     * What a resuming client gets: the events after its last id, whether any may be missing (and why),
     * and the position of that id among the stream's frames ({@link Frame#sequence()}; -1 if unknown):
     * live frames at or before it are ones the client has, as when it comes from a node that was ahead.
     */
    record Replay(List<Frame> frames, boolean complete, String reason, long after) {
        public static Replay unknown() {
            return new Replay(List.of(), false, "unknown event id", -1);
        }
    }

    /** How much the log keeps in this JVM: users with events kept, frames, estimated heap in bytes. */
    record Size(int users, long events, long bytes) {
    }

    /** Whether this log is the one configured (the in-memory log is the fallback of all others). */
    boolean active();

    /**
     * Takes a committed event; the frames reach {@link Fanout} now or shortly. Never waits long.
     *
     * @throws io.herald.sse.entity.EventLogUnavailableException when the log cannot take it now
     */
    void append(SseEventPublished published, SerializedPayload data);

    /** The id a fresh stream of {@code userId} starts from (its {@code connection_established}). */
    String head(String userId);

    /**
     * The id as this log writes it, if {@code lastEventId} is one it could have issued, else null. A
     * client's value is never written back as it came.
     */
    String canonical(String lastEventId);

    /** The events {@code userId} may see after {@code lastEventId}, oldest first. */
    Replay since(String userId, String lastEventId);

    /** Drops what is kept in memory beyond its age. */
    void prune(Instant now);

    Size size();

    /** The budget of what {@link #size()} counts, in bytes. */
    long maxBytes();

    /** Frames dropped from memory since start, by reason. */
    Map<String, Long> evicted();
}
