package io.herald.sse.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * The SSE feature's settings, read once from MicroProfile Config. Every key can be overridden by an
 * environment variable (e.g. {@code HERALD_SSE_HEARTBEAT_INTERVAL=15s}); the defaults are the spec's
 * where it has one. A bad value stops the application at start, naming the key.
 */
@ApplicationScoped
public class SseConfig {

    private static final System.Logger LOG = System.getLogger(SseConfig.class.getName());

    public static final String HEARTBEAT_INTERVAL = "herald.sse.heartbeat-interval";
    public static final String CLEANUP_INTERVAL = "herald.sse.cleanup-interval";
    public static final String INACTIVITY_TIMEOUT = "herald.sse.inactivity-timeout";
    public static final String WRITE_TIMEOUT = "herald.sse.write-timeout";
    public static final String QUEUE_CAPACITY = "herald.sse.queue-capacity";
    public static final String QUEUE_MAX_BYTES = "herald.sse.queue-max-bytes";
    public static final String MAX_PAYLOAD_BYTES = "herald.sse.max-payload-bytes";
    public static final String HISTORY_MAX_EVENTS = "herald.sse.history.max-events";
    public static final String HISTORY_MAX_BYTES = "herald.sse.history.max-bytes";
    public static final String HISTORY_MAX_AGE = "herald.sse.history.max-age";
    public static final String HISTORY_MAX_TOTAL_BYTES = "herald.sse.history.max-total-bytes";
    public static final String MAX_CONNECTIONS = "herald.sse.max-connections";
    public static final String MAX_CONNECTIONS_PER_USER = "herald.sse.max-connections-per-user";
    public static final String LIMIT_RETRY_AFTER = "herald.sse.limit-retry-after";
    public static final String SHUTDOWN_RECONNECT_SPREAD = "herald.sse.shutdown-reconnect-spread";
    public static final String COOKIE_SAME_SITE = "herald.sse.cookie-same-site";
    public static final String PROBE_DELAY = "herald.sse.probe-delay";
    public static final String OUTLET = "herald.sse.outlet";
    public static final String RESPONSE_BUFFERS = "herald.sse.response-buffers";
    public static final String WRITER_THREADS = "herald.sse.writer-threads";
    public static final String MAX_WRITER_THREADS = "herald.sse.max-writer-threads";

    @Inject
    Config config;

    private Function<String, Optional<String>> source;
    private Duration heartbeatInterval;
    private Duration cleanupInterval;
    private Duration inactivityTimeout;
    private Duration writeTimeout;
    private int queueCapacity;
    private int queueMaxBytes;
    private int maxPayloadBytes;
    private int historyMaxEvents;
    private int historyMaxBytes;
    private Duration historyMaxAge;
    private long historyMaxTotalBytes;
    private int maxConnections;
    private int maxConnectionsPerUser;
    private Duration limitRetryAfter;
    private Duration shutdownReconnectSpread;
    private String cookieSameSite;
    private Duration probeDelay;
    private String outlet;
    private String responseBuffers;
    private int writerThreads;
    private int maxWriterThreads;

    /** For unit tests: the given values over the defaults, as if read from MicroProfile Config. */
    static SseConfig of(Map<String, String> values) {
        SseConfig settings = new SseConfig();
        settings.source = key -> Optional.ofNullable(values.get(key));
        settings.read();
        return settings;
    }

    @PostConstruct
    void init() {
        source = key -> config.getOptionalValue(key, String.class);
        read();
        long heap = Runtime.getRuntime().maxMemory();
        LOG.log(System.Logger.Level.INFO, "Herald limits: {0} streams in all{1}, history budget {2} MiB of a {3} MiB heap,"
                        + " {4} open files allowed", maxConnections,
                source.apply(MAX_CONNECTIONS).isPresent() ? " (set)" : " (what the heap and the open files hold)",
                historyMaxTotalBytes >> 20, heap >> 20, openFilesLimit() == Long.MAX_VALUE ? "unknown" : openFilesLimit());
        if (historyMaxTotalBytes > heap / 2) {
            LOG.log(System.Logger.Level.WARNING, "{0} is {1} MiB, more than half of the {2} MiB heap: streams and requests"
                    + " need the rest", HISTORY_MAX_TOTAL_BYTES, historyMaxTotalBytes >> 20, heap >> 20);
        }
    }

    private void read() {
        heartbeatInterval = duration(HEARTBEAT_INTERVAL, "30s");
        cleanupInterval = duration(CLEANUP_INTERVAL, "60s");
        inactivityTimeout = duration(INACTIVITY_TIMEOUT, "30m");
        writeTimeout = duration(WRITE_TIMEOUT, "30s");
        queueCapacity = positive(QUEUE_CAPACITY, 1000);
        queueMaxBytes = positive(QUEUE_MAX_BYTES, 1 << 20);
        maxPayloadBytes = positive(MAX_PAYLOAD_BYTES, 64 * 1024);
        historyMaxEvents = positive(HISTORY_MAX_EVENTS, 1000);
        historyMaxBytes = positive(HISTORY_MAX_BYTES, 1 << 20);
        historyMaxAge = duration(HISTORY_MAX_AGE, "10m");
        historyMaxTotalBytes = positiveLong(HISTORY_MAX_TOTAL_BYTES, Runtime.getRuntime().maxMemory() / 8);
        maxConnections = positive(MAX_CONNECTIONS, connectionsTheHeapHolds(Runtime.getRuntime().maxMemory()));
        maxConnectionsPerUser = positive(MAX_CONNECTIONS_PER_USER, 10);
        limitRetryAfter = duration(LIMIT_RETRY_AFTER, "10s");
        shutdownReconnectSpread = duration(SHUTDOWN_RECONNECT_SPREAD, "15s");
        probeDelay = duration(PROBE_DELAY, "1s");
        cookieSameSite = oneOf(COOKIE_SAME_SITE, "Strict", "Strict", "Lax", "None");
        outlet = oneOf(OUTLET, "servlet", "servlet", "sink");
        responseBuffers = oneOf(RESPONSE_BUFFERS, "release", "release", "keep");
        writerThreads = positive(WRITER_THREADS, Runtime.getRuntime().availableProcessors());
        maxWriterThreads = Math.max(writerThreads, positive(MAX_WRITER_THREADS, 64));
    }

    /**
     * What an open stream needs on the heap, with margin: 21-24 KiB measured with the benchmark's
     * requests, and about 4 KiB more for its user's token in Liberty's authentication cache; 8 KiB more
     * with Liberty's response buffers kept ({@code herald.sse.response-buffers=keep}); larger headers
     * and tokens hold more (BENCHMARKS.md).
     */
    static final long CONNECTION_HEAP_BYTES = 64 * 1024;
    /** What Liberty, the application and a burst of requests need besides streams and history. */
    static final long BASE_HEAP_BYTES = 192L * 1024 * 1024;

    /**
     * The default connection limit follows from the heap, so that the defaults hold their own maximum:
     * what is left of {@code maxHeap} after the base and the history's budget, at 64 KiB a stream
     * (11,264 streams with the default 1 GiB heap and its 128 MiB history), and no more than the open
     * files the process may hold, less a reserve.
     */
    int connectionsTheHeapHolds(long maxHeap) {
        long left = maxHeap - BASE_HEAP_BYTES - historyMaxTotalBytes;
        long byHeap = left / CONNECTION_HEAP_BYTES;
        long byFiles = openFilesLimit() - RESERVED_FILES;
        return (int) Math.max(100, Math.min(Integer.MAX_VALUE, Math.min(byHeap, byFiles)));
    }

    /** Sockets and files the JVM may hold besides streams: jars, logs, the database, a reconnect wave's accepts. */
    static final long RESERVED_FILES = 2_000;

    /** The process's limit on open files (each stream is a socket), or no limit where the JVM cannot tell. */
    private static long openFilesLimit() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return Long.MAX_VALUE;
    }

    private String oneOf(String key, String fallback, String... allowed) {
        String text = source.apply(key).orElse(fallback).trim();
        for (String value : allowed) {
            if (value.equalsIgnoreCase(text)) {
                return value;
            }
        }
        throw new IllegalArgumentException(key + " must be one of " + String.join(", ", allowed) + " (was '" + text + "')");
    }

    private Duration duration(String key, String fallback) {
        return Durations.parse(key, source.apply(key).orElse(fallback));
    }

    private long positiveLong(String key, long fallback) {
        return whole(key, fallback, Long.MAX_VALUE);
    }

    private int positive(String key, int fallback) {
        return (int) whole(key, fallback, Integer.MAX_VALUE);
    }

    private long whole(String key, long fallback, long max) {
        String text = source.apply(key).orElse(Long.toString(fallback)).trim();
        try {
            long value = Long.parseLong(text);
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a whole number from 1 to " + max + " (was '" + text + "')");
    }

    /** How often every connection gets a {@code heartbeat} event. */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** How often dead and inactive connections are closed and old history dropped. */
    public Duration cleanupInterval() {
        return cleanupInterval;
    }

    /** A connection that was sent nothing but heartbeats for this long is closed. */
    public Duration inactivityTimeout() {
        return inactivityTimeout;
    }

    /** A write (or an in-process subscriber's demand) that stalls this long drops the connection. */
    public Duration writeTimeout() {
        return writeTimeout;
    }

    /** Live events waiting for one connection; a client further behind is disconnected. */
    public int queueCapacity() {
        return queueCapacity;
    }

    /** The same bound in bytes of JSON. */
    public int queueMaxBytes() {
        return queueMaxBytes;
    }

    /** The largest event data accepted, in bytes of JSON. */
    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /** Events kept for resuming, per user and for broadcasts. */
    public int historyMaxEvents() {
        return historyMaxEvents;
    }

    /** The same bound in bytes of JSON. */
    public int historyMaxBytes() {
        return historyMaxBytes;
    }

    /**
     * The whole history's budget in bytes (estimated heap), all users and broadcasts together; over it
     * the oldest events go first, whoever they belong to. By default an eighth of the maximum heap.
     */
    public long historyMaxTotalBytes() {
        return historyMaxTotalBytes;
    }

    /** How long an event stays available for resuming. */
    public Duration historyMaxAge() {
        return historyMaxAge;
    }

    /**
     * Open connections in all; beyond it a new one is refused with 503. By default what the heap holds
     * (see {@link #connectionsTheHeapHolds}).
     */
    public int maxConnections() {
        return maxConnections;
    }

    /** Open connections of one user (tabs, devices); beyond it a new one is refused with 429. */
    public int maxConnectionsPerUser() {
        return maxConnectionsPerUser;
    }

    /** The {@code Retry-After} of a refused connection. */
    public Duration limitRetryAfter() {
        return limitRetryAfter;
    }

    /**
     * The stream cookie's SameSite: {@code Strict} (the default) when the page and Herald share a site;
     * {@code None} when a page on another site opens the stream, which browsers accept only with
     * {@code Secure}, that is over https.
     */
    public String cookieSameSite() {
        return cookieSameSite;
    }

    /**
     * How long after a heartbeat, or after probing a reconnecting user's other streams, a second probe
     * follows: a client that left answers the first write with a reset, and the second write then fails.
     * Longer than a round trip; it bounds how long a departed client stays registered after a write.
     */
    /**
     * How frames reach an HTTP client: {@code servlet} (the default) writes each frame's bytes, encoded
     * once, to the response's output stream; {@code sink} sends them through the JAX-RS
     * {@code SseEventSink}, which formats each event again for every client (BENCHMARKS.md, "The outlets side by side").
     */
    public String outlet() {
        return outlet;
    }

    /**
     * With the servlet outlet on Liberty: {@code release} gives Liberty's pooled response buffers back
     * after each write, so that an idle stream holds none (16 KiB less per stream); {@code keep} leaves
     * them with the stream until it ends, as Liberty does by itself ({@link LibertyResponseBuffers}).
     */
    public boolean releaseResponseBuffers() {
        return "release".equals(responseBuffers);
    }

    /** The writer threads that always run (the processors by default), and at most how many when clients block. */
    public int writerThreads() {
        return writerThreads;
    }

    public int maxWriterThreads() {
        return maxWriterThreads;
    }

    public Duration probeDelay() {
        return probeDelay;
    }

    /** On shutdown each client is told to come back after a random delay up to this. */
    public Duration shutdownReconnectSpread() {
        return shutdownReconnectSpread;
    }
}
