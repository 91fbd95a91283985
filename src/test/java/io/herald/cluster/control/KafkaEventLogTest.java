package io.herald.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.sse.entity.EventLogUnavailableException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;
import org.junit.jupiter.api.Test;

/** The real Kafka clients against an address where no broker listens: Kafka down when a node starts. */
class KafkaEventLogTest {

    @Test
    void whileKafkaCannotBeReachedOneCallerTriesAtMostEveryRetryAfterAndEveryOtherIsRefusedAtOnce() throws Exception {
        KafkaEventLog log = new KafkaEventLog();
        log.settings = settings("127.0.0.1:" + closedPort());
        log.connectTimeout = Duration.ofSeconds(2);

        assertThrows(EventLogUnavailableException.class, log::start, "the first attempt finds no broker");
        assertThrows(EventLogUnavailableException.class, () -> log.head("nia"));
        assertThrows(EventLogUnavailableException.class, () -> log.canonical("abc.0.1"));
        assertEquals(1, log.connectAttempts.get(), "refused without another attempt within Retry-After");

        Thread.sleep(KafkaEventLog.RETRY_AFTER.toMillis() + 200);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<?> attempt = other.submit(log::start);
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (!log.connecting() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(log.connecting(), "Retry-After has passed: a caller tries again");
            assertThrows(EventLogUnavailableException.class, log::start);
            assertTrue(log.connecting(), "refused while the other caller's attempt was still under way, not after it");
            var failed = assertThrows(java.util.concurrent.ExecutionException.class, () -> attempt.get(10, TimeUnit.SECONDS));
            assertTrue(failed.getCause() instanceof EventLogUnavailableException);
            assertEquals(2, log.connectAttempts.get(), "the refused caller made no attempt of its own");
        } finally {
            other.shutdownNow();
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static KafkaSettings settings(String bootstrapServers) {
        KafkaSettings settings = new KafkaSettings();
        settings.config = new MapConfig(Map.of(KafkaSettings.BOOTSTRAP_SERVERS, bootstrapServers));
        settings.read();
        return settings;
    }

    /** Configuration from a map: what KafkaSettings reads, and no more. */
    private record MapConfig(Map<String, String> values) implements Config {

        @Override
        public <T> T getValue(String name, Class<T> type) {
            return getOptionalValue(name, type).orElseThrow(() -> new NoSuchElementException(name));
        }

        @Override
        public ConfigValue getConfigValue(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
            String value = values.get(name);
            if (value == null) {
                return Optional.empty();
            }
            return Optional.of(type.cast(type == Integer.class ? Integer.valueOf(value) : value));
        }

        @Override
        public Iterable<String> getPropertyNames() {
            return values.keySet();
        }

        @Override
        public Iterable<ConfigSource> getConfigSources() {
            return List.of();
        }

        @Override
        public <T> Optional<Converter<T>> getConverter(Class<T> forType) {
            return Optional.empty();
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            throw new IllegalArgumentException();
        }
    }
}
