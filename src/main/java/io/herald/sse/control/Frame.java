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
    private final String json;
    /** Where the payload sits in {@link #json}: it is not kept twice. */
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
        String prefix = prefix(type);
        this.dataStart = prefix.length();
        this.dataEnd = dataStart + dataJson.length();
        this.json = envelope(prefix, dataJson, userId, timestamp);
        this.weight = json.length() * (latin1(json) ? 1 : 2) + OVERHEAD_BYTES;
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

    /** Java keeps a string in one byte a character only if every character fits: else in two. */
    private static boolean latin1(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static String prefix(String type) {
        return "{\"type\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(type)) + "\",\"data\":";
    }

    private static String envelope(String prefix, String dataJson, String userId, Instant timestamp) {
        StringBuilder out = new StringBuilder(prefix.length() + dataJson.length() + 96);
        out.append(prefix).append(dataJson);
        if (userId != null) {
            out.append(",\"userId\":\"").append(JsonStringEncoder.getInstance().quoteAsString(userId)).append('"');
        }
        return out.append(",\"timestamp\":\"").append(timestamp).append("\"}").toString();
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
        return json.substring(dataStart, dataEnd);
    }

    /** The whole {@code data:} line. */
    public String json() {
        return json;
    }

    /** {@link System#nanoTime()} when the frame was built, that is when its event was delivered for sending. */
    public long createdNanos() {
        return createdNanos;
    }

    public Long reconnectDelayMillis() {
        return reconnectDelayMillis;
    }

    /**
     * What the frame costs on the heap, estimated, as counted by the queues and the history: its JSON
     * text (two bytes a character when it holds one beyond Latin-1, as Java then stores it) plus {@value #OVERHEAD_BYTES} bytes for the frame, its id, its timestamp and the queue or
     * history nodes that hold it. (The type and the user id are shared with other frames and the maps.)
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
