package io.herald.sse.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The SSE feature's settings, read once from MicroProfile Config. Every key can be overridden by
 * an environment variable (e.g. {@code HERALD_SSE_HEARTBEAT_INTERVAL=15s}); the defaults are the spec's.
 */
@ApplicationScoped
public class SseConfig {

    public static final String HEARTBEAT_INTERVAL = "herald.sse.heartbeat-interval";
    public static final String CLEANUP_INTERVAL = "herald.sse.cleanup-interval";
    public static final String INACTIVITY_TIMEOUT = "herald.sse.inactivity-timeout";
    public static final String WRITE_TIMEOUT = "herald.sse.write-timeout";
    public static final String QUEUE_CAPACITY = "herald.sse.queue-capacity";

    @Inject
    @ConfigProperty(name = HEARTBEAT_INTERVAL, defaultValue = "30s")
    String heartbeatIntervalText;

    @Inject
    @ConfigProperty(name = CLEANUP_INTERVAL, defaultValue = "60s")
    String cleanupIntervalText;

    @Inject
    @ConfigProperty(name = INACTIVITY_TIMEOUT, defaultValue = "30m")
    String inactivityTimeoutText;

    @Inject
    @ConfigProperty(name = WRITE_TIMEOUT, defaultValue = "30s")
    String writeTimeoutText;

    @Inject
    @ConfigProperty(name = QUEUE_CAPACITY, defaultValue = "1000")
    int queueCapacity;

    private Duration heartbeatInterval;
    private Duration cleanupInterval;
    private Duration inactivityTimeout;
    private Duration writeTimeout;

    /** For unit tests: the given values, as if read from MicroProfile Config. */
    static SseConfig of(String heartbeat, String cleanup, String inactivity, String writeTimeout, int capacity) {
        SseConfig config = new SseConfig();
        config.heartbeatIntervalText = heartbeat;
        config.cleanupIntervalText = cleanup;
        config.inactivityTimeoutText = inactivity;
        config.writeTimeoutText = writeTimeout;
        config.queueCapacity = capacity;
        config.read();
        return config;
    }

    @PostConstruct
    void read() {
        heartbeatInterval = Durations.parse(HEARTBEAT_INTERVAL, heartbeatIntervalText);
        cleanupInterval = Durations.parse(CLEANUP_INTERVAL, cleanupIntervalText);
        inactivityTimeout = Durations.parse(INACTIVITY_TIMEOUT, inactivityTimeoutText);
        writeTimeout = Durations.parse(WRITE_TIMEOUT, writeTimeoutText);
        if (queueCapacity < 1) {
            throw new IllegalArgumentException(QUEUE_CAPACITY + " must be at least 1 (was " + queueCapacity + ")");
        }
    }

    /** How often every connection gets a {@code heartbeat} event. */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** How often dead and inactive connections are closed. */
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

    /** Events waiting for one connection; a client that falls further behind is disconnected. */
    public int queueCapacity() {
        return queueCapacity;
    }
}
