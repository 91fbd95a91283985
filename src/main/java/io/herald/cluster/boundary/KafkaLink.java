package io.herald.cluster.boundary;

import io.herald.cluster.control.KafkaEventLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * The node's link to Kafka, as the platform sees it: it connects when the application starts (a
 * broker that is not there yet is tried again at the first publish or connect), reports the link in
 * {@code /health/ready}, and counts it in {@code /metrics}.
 * <p>
 * A lost broker does not make the node not ready. Every node shares the one broker, so taking them all
 * out of the balancer would cut off every client and help none; open streams keep their heartbeats,
 * publishes are refused with 503 at once, and delivery resumes by itself when the broker is back. The
 * check reports the link as data, for dashboards and alerts.
 */
@Readiness
@ApplicationScoped
public class KafkaLink implements HealthCheck {

    @Inject
    KafkaEventLog log;

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry metrics;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (!log.active()) {
            return;
        }
        metrics.gauge(describe("herald.kafka.consumer.lag", "Records of the topic this node has not read yet (all partitions)"),
                log, KafkaEventLog::lag);
        metrics.gauge(describe("herald.kafka.link.up", "1 while this node reaches Kafka, else 0"),
                log, l -> l.linkUp() ? 1 : 0);
        metrics.gauge(describe("herald.kafka.publish.failures", "Publishes Kafka did not take, since start"),
                log, KafkaEventLog::publishFailures);
        metrics.gauge(describe("herald.kafka.replay.reads", "Resumes read from Kafka rather than this node's memory, since start"),
                log, KafkaEventLog::replayReads);
        try {
            log.start();
        } catch (RuntimeException e) {
            // Logged by the log; tried again at first use. The node serves its streams meanwhile.
            System.getLogger(KafkaLink.class.getName()).log(System.Logger.Level.WARNING,
                    "Kafka link not established at start: {0}", e.toString());
        }
    }

    private static Metadata describe(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description).build();
    }

    @Override
    public HealthCheckResponse call() {
        if (!log.active()) {
            return HealthCheckResponse.named("kafka").up().withData("mode", "one node, no broker").build();
        }
        return HealthCheckResponse.named("kafka").up()
                .withData("link", log.linkUp() ? "up" : "down")
                .withData("since", log.linkChanged().toString())
                .withData("consumerLag", log.lag())
                .build();
    }
}
