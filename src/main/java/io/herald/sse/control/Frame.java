package io.herald.sse.control;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.herald.platform.Json;
import io.herald.sse.entity.EventTypes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One event ready for the wire, shared by every connection (and the history) that carries it: the
 * SSE {@code id:} (null for heartbeats), the {@code data:} line, and an optional {@code retry:}.
 * The {@code data:} line is the spec's {@code {type, data, userId, timestamp}} as one line of JSON,
 * with no {@code event:} field: the spec's clients use {@code onmessage} and switch on {@code type}.
 * The payload is serialised once per event ({@link #of(String, String, String, String, Instant)}),
 * not once per recipient.
 */
public final class Frame {

    private final String id;
    private final long sequence;
    private final String type;
    private final String userId;
    private final Instant timestamp;
    /**
     * The frame as it goes on the wire, UTF-8: {@code id:}, {@code retry:}, {@code data:} and the blank
     * line. Encoded once and written as it is to every connection; the JSON is not kept a second time.
     */
    private final byte[] wire;
    /** Where the {@code data:} line's JSON, and the payload within it, sit in {@link #wire}. */
    private final int jsonStart;
    private final int jsonEnd;
    private final int dataStart;
    private final int dataEnd;
    private final int weight;
    private final Long reconnectDelayMillis;
    private final long createdNanos = System.nanoTime();

    /**
     * An SSE comment line that {@code EventSource} ignores: written only to find out whether the client
     * is still there (a socket whose peer left fails at the first write after the peer's reset).
     */
    public static final Frame PROBE = new Frame(null, "probe", null, Instant.EPOCH, "null", null);
    private static final byte[] PROBE_WIRE = ":\n\n".getBytes(StandardCharsets.US_ASCII);

    /** Set so that the estimate is not below the heap the history really takes: bench/flood.sh, BENCHMARKS.md. */
    static final int OVERHEAD_BYTES = 288;

    private Frame(String id, String type, String userId, Instant timestamp, String dataJson, Long reconnectDelayMillis) {
        this(id, numeric(id), type, userId, timestamp, dataJson, reconnectDelayMillis);
    }

    /** A one-node id is its own sequence; another log's id (a position in a cluster) orders by {@link #at}. */
    private static long numeric(String id) {
        if (id == null || id.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) < '0' || id.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(id);
    }

    private Frame(String id, long sequence, String type, String userId, Instant timestamp, String dataJson,
                  Long reconnectDelayMillis) {
        this.id = id;
        this.sequence = sequence;
        this.type = type;
        this.userId = userId;
        this.timestamp = timestamp;
        this.reconnectDelayMillis = reconnectDelayMillis;
        StringBuilder out = new StringBuilder(dataJson.length() + 160);
        if (id != null) {
            out.append("id: ").append(id).append('\n');
        }
        if (reconnectDelayMillis != null) {
            out.append("retry: ").append(reconnectDelayMillis).append('\n');
        }
        out.append("data: ");
        int jsonAt = out.length();
        out.append(prefix(type));
        int dataAt = out.length();
        out.append(dataJson);
        int dataTo = out.length();
        envelope(out, userId, timestamp);
        int jsonTo = out.length();
        out.append("\n\n");
        this.wire = out.toString().getBytes(StandardCharsets.UTF_8);
        this.jsonStart = utf8Length(out, 0, jsonAt);
        this.dataStart = jsonStart + utf8Length(out, jsonAt, dataAt);
        this.dataEnd = dataStart + utf8Length(out, dataAt, dataTo);
        this.jsonEnd = dataEnd + utf8Length(out, dataTo, jsonTo);
        this.weight = wire.length + OVERHEAD_BYTES;
    }

    private static int utf8Length(CharSequence text, int from, int to) {
        int bytes = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** A frame around a payload already serialised (see {@link #serialise}). */
    public static Frame of(String id, String type, String dataJson, String userId, Instant timestamp) {
        return new Frame(id, type, userId, timestamp, dataJson, null);
    }

    /**
     * A frame whose id is not a number (a cluster log's {@code epoch.partition.offset}), with the number
     * that orders it among the frames of its stream.
     */
    public static Frame at(String id, long sequence, String type, String dataJson, String userId, Instant timestamp) {
        return new Frame(id, sequence, type, userId, timestamp, dataJson, null);
    }

    /** A frame Herald builds itself (heartbeats, control events), serialising {@code data} here. */
    public static Frame control(String id, String type, Object data, String userId, Instant timestamp) {
        return new Frame(id, type, userId, timestamp, serialise(data), null);
    }

    /** The same frame with a {@code retry:} hint, telling the browser how long to wait before reconnecting. */
    public Frame withReconnectDelay(long millis) {
        return new Frame(id, sequence, type, userId, timestamp, dataJson(), millis);
    }

    /** Serialises a payload with the one configured mapper; Jackson escapes line breaks, so it is one line. */
    public static String serialise(Object data) {
        return new String(serialiseToBytes(data), StandardCharsets.UTF_8);
    }

    static byte[] serialiseToBytes(Object data) {
        try {
            return Json.mapper().writeValueAsBytes(data);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("Event data cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String prefix(String type) {
        return "{\"type\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(type)) + "\",\"data\":";
    }

    private static void envelope(StringBuilder out, String userId, Instant timestamp) {
        if (userId != null) {
            out.append(",\"userId\":\"").append(JsonStringEncoder.getInstance().quoteAsString(userId)).append('"');
        }
        out.append(",\"timestamp\":\"").append(timestamp).append("\"}");
    }

    public String id() {
        return id;
    }

    /**
     * What orders the frame within its stream: the id itself on one node (ids are decimal and increase),
     * the partition offset in a cluster (a stream reads one partition); -1 for frames without an id.
     */
    public long sequence() {
        return sequence;
    }

    public String type() {
        return type;
    }

    /** The addressee, or null for a broadcast. */
    public String userId() {
        return userId;
    }

    public Instant timestamp() {
        return timestamp;
    }

    /** The payload alone, as JSON. */
    public String dataJson() {
        return new String(wire, dataStart, dataEnd - dataStart, StandardCharsets.UTF_8);
    }

    /** The whole {@code data:} line's JSON. */
    public String json() {
        return new String(wire, jsonStart, jsonEnd - jsonStart, StandardCharsets.UTF_8);
    }

    /** The frame's bytes on the wire, shared: never modify them. A probe is an SSE comment line. */
    byte[] wire() {
        return this == PROBE ? PROBE_WIRE : wire;
    }

    /** {@link System#nanoTime()} when the frame was built, that is when its event was delivered for sending. */
    public long createdNanos() {
        return createdNanos;
    }

    public Long reconnectDelayMillis() {
        return reconnectDelayMillis;
    }

    /**
     * What the frame costs on the heap, estimated, as counted by the queues and the history: its bytes
     * on the wire (the one copy of its JSON it keeps) plus {@value #OVERHEAD_BYTES} bytes for the frame,
     * its id, its timestamp and the queue or history nodes that hold it. (The type and the user id are shared with other frames and the maps.)
     */
    public int weight() {
        return weight;
    }

    public boolean isHeartbeat() {
        return EventTypes.HEARTBEAT.equals(type);
    }

    public boolean isProbe() {
        return this == PROBE;
    }

    /** Heartbeats and probes keep the stream alive; they are not events and not activity. */
    public boolean isKeepAlive() {
        return isProbe() || isHeartbeat();
    }
}
