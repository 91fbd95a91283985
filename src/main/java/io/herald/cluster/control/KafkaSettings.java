package io.herald.cluster.control;

import io.herald.sse.control.Durations;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;

/**
 * The cluster's settings from MicroProfile Config ({@code HERALD_KAFKA_BOOTSTRAP_SERVERS} and so on).
 * Every other {@code herald.kafka.*} key passes through to the Kafka clients with the prefix taken off,
 * so TLS and SASL are set as, for example, {@code herald.kafka.security.protocol=SASL_SSL}.
 */
@ApplicationScoped
public class KafkaSettings {

    static final String PREFIX = "herald.kafka.";
    private static final String ENV_PREFIX = "HERALD_KAFKA_";
    public static final String BOOTSTRAP_SERVERS = PREFIX + "bootstrap-servers";
    static final String TOPIC = PREFIX + "topic";
    static final String PARTITIONS = PREFIX + "partitions";
    static final String RETENTION = PREFIX + "retention";
    static final String PUBLISH_TIMEOUT = PREFIX + "publish-timeout";
    static final String REPLAY_MAX_RECORDS = PREFIX + "replay-max-records";
    private static final Set<String> OWN = Set.of(BOOTSTRAP_SERVERS, TOPIC, PARTITIONS, RETENTION, PUBLISH_TIMEOUT,
            REPLAY_MAX_RECORDS);

    @Inject
    Config config;

    private Optional<String> bootstrapServers;
    private String topic;
    private int partitions;
    private Duration retention;
    private Duration publishTimeout;
    private int replayMaxRecords;
    private final Map<String, String> clientProperties = new TreeMap<>();

    @PostConstruct
    void read() {
        bootstrapServers = config.getOptionalValue(BOOTSTRAP_SERVERS, String.class).map(String::trim).filter(s -> !s.isEmpty());
        topic = config.getOptionalValue(TOPIC, String.class).orElse("herald.events");
        partitions = config.getOptionalValue(PARTITIONS, Integer.class).orElse(8);
        retention = Durations.parse(RETENTION, config.getOptionalValue(RETENTION, String.class).orElse("24h"));
        publishTimeout = Durations.parse(PUBLISH_TIMEOUT, config.getOptionalValue(PUBLISH_TIMEOUT, String.class).orElse("2s"));
        replayMaxRecords = config.getOptionalValue(REPLAY_MAX_RECORDS, Integer.class).orElse(100_000);
        if (partitions < 1 || replayMaxRecords < 1) {
            throw new IllegalArgumentException(PARTITIONS + " and " + REPLAY_MAX_RECORDS + " must be at least 1");
        }
        for (String name : config.getPropertyNames()) {
            String property = clientProperty(name);
            if (property != null) {
                config.getOptionalValue(name, String.class).ifPresent(value -> clientProperties.put(property, value));
            }
        }
    }

    /**
     * The Kafka client property a configuration name stands for, or null: {@code herald.kafka.sasl.mechanism},
     * or the environment's {@code HERALD_KAFKA_SASL_MECHANISM} (Kafka's own names have dots, never underscores).
     */
    static String clientProperty(String name) {
        String dotted = name.startsWith(ENV_PREFIX) ? "herald.kafka." + name.substring(ENV_PREFIX.length())
                .toLowerCase(java.util.Locale.ROOT).replace('_', '.') : name;
        if (!dotted.startsWith(PREFIX)) {
            return null;
        }
        for (String own : OWN) {
            if (own.replace('-', '.').equals(dotted.replace('-', '.'))) {
                return null;
            }
        }
        return dotted.substring(PREFIX.length());
    }

    public Optional<String> bootstrapServers() {
        return bootstrapServers;
    }

    /** The one topic every node writes and reads ({@code herald.events}). */
    public String topic() {
        return topic;
    }

    /** Partitions of a topic Herald creates (8); an existing topic keeps its own count. */
    public int partitions() {
        return partitions;
    }

    /** {@code retention.ms} of a topic Herald creates (24 h): how far back a client can resume. */
    public Duration retention() {
        return retention;
    }

    /** How long a publish may wait for the broker before it is refused (2 s). */
    public Duration publishTimeout() {
        return publishTimeout;
    }

    /** At most this many records are read from Kafka for one resume beyond this node's memory. */
    public int replayMaxRecords() {
        return replayMaxRecords;
    }

    /** The other {@code herald.kafka.*} keys, without the prefix, for the Kafka clients. */
    public Map<String, String> clientProperties() {
        return clientProperties;
    }
}
