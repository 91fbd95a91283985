package io.herald.metrics;

import io.herald.sse.control.CloseReason;
import io.herald.sse.control.ConnectionMaintenance;
import io.herald.sse.control.ConnectionRegistry;
import io.herald.sse.control.EventHistory;
import io.herald.sse.control.EventLog;
import io.herald.sse.control.Selected;
import io.herald.sse.control.SseMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Herald's metrics in the application registry, served by Liberty at {@code /metrics} in the
 * Prometheus format. Counters and the timer are created once, with every label value they can
 * have, so the hot path only increments; gauges are read at scrape time.
 *
 * <p>What counts is not this bean but the {@link SseCounters} it produces, a plain object that the
 * delivery path holds and calls directly: it is called for every event written to every stream, and a
 * call through this bean's client proxy cost Weld an interception stack and a thread-local entry each
 * time (5 % of the writers' samples at a steady rate, and most of the bytes they allocated;
 * BENCHMARKS.md). A client proxy hands back itself from a method that returns its bean, so the bean
 * cannot be unwrapped portably; a dependent-scoped product has no proxy.
 */
@ApplicationScoped
public class HeraldMetrics {

    static final List<String> REFUSAL_REASONS = List.of("user_limit", "server_limit", "draining");
    static final List<String> EVICTION_REASONS = List.of(EventHistory.EVICTED_BUDGET, EventHistory.EVICTED_RING_LIMIT,
            EventHistory.EVICTED_AGE);

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    @Inject
    ConnectionRegistry connections;

    @Inject
    ConnectionMaintenance maintenance;

    @Inject
    @Selected
    EventLog events;

    private final AtomicInteger queueDepthMax = new AtomicInteger();
    private final Map<CloseReason, Counter> closed = new EnumMap<>(CloseReason.class);
    private final Map<CloseReason, Counter> dropped = new EnumMap<>(CloseReason.class);
    private final Map<String, Counter> refused = new HashMap<>();
    private final Map<String, Counter> published = new HashMap<>();
    private final Map<String, Counter> evicted = new HashMap<>();
    private Counter opened;
    private Counter delivered;
    private Counter replayed;
    private Counter resyncs;
    private Timer latency;
    private SseCounters counters;

    @PostConstruct
    void register() {
        opened = registry.counter(describe("herald.connections.opened", "Event streams opened"));
        for (String reason : REFUSAL_REASONS) {
            refused.put(reason, registry.counter(describe("herald.connections.refused",
                    "Event streams refused, by reason"), new Tag("reason", reason)));
        }
        for (CloseReason reason : CloseReason.values()) {
            Tag tag = new Tag("reason", reason.name().toLowerCase(Locale.ROOT));
            closed.put(reason, registry.counter(describe("herald.connections.closed",
                    "Event streams closed, by reason"), tag));
            dropped.put(reason, registry.counter(describe("herald.events.dropped",
                    "Queued events dropped because their connection closed, by the reason it closed"), tag));
        }
        for (String family : EventFamilies.ALL) {
            published.put(family, registry.counter(describe("herald.events.published",
                    "Events published, by type family (one per publish, whatever its audience)"),
                    new Tag("family", family)));
        }
        delivered = registry.counter(describe("herald.events.delivered", "Events written to clients (heartbeats excluded)"));
        replayed = registry.counter(describe("herald.events.replayed", "Events replayed from the history to resuming clients"));
        resyncs = registry.counter(describe("herald.resync.required", "resync_required signals sent to resuming clients"));
        latency = registry.timer(Metadata.builder().withName("herald.delivery.latency")
                .withDescription("From an event's delivery after commit to its write to a client (live events only)")
                .withUnit(MetricUnits.SECONDS).build());
        registry.gauge(describe("herald.connections.open", "Event streams open now"),
                connections, ConnectionRegistry::count);
        registry.gauge(describe("herald.connections.per.user.max", "The most streams any one user has open now"),
                connections, ConnectionRegistry::maxCountPerUser);
        for (String reason : EVICTION_REASONS) {
            evicted.put(reason, registry.counter(describe("herald.history.evicted",
                    "Events dropped from the resume history, by reason (budget, ring_limit, age)"), new Tag("reason", reason)));
        }
        registry.gauge(Metadata.builder().withName("herald.history.bytes")
                        .withDescription("The resume history's estimated heap, against herald.sse.history.max-total-bytes")
                        .withUnit(MetricUnits.BYTES).build(),
                events, log -> log.size().bytes());
        registry.gauge(describe("herald.history.events", "Events held in the resume history"),
                events, log -> log.size().events());
        registry.gauge(describe("herald.queue.depth.max", "The deepest any connection's live queue has been since start"),
                queueDepthMax, AtomicInteger::get);
        registry.gauge(Metadata.builder().withName("herald.heartbeat.lag")
                        .withDescription("How late the heartbeat timer is: time since its last tick beyond one tick")
                        .withUnit(MetricUnits.SECONDS).build(),
                this, HeraldMetrics::heartbeatLagSeconds);
        counters = new SseCounters(opened, refused, closed, dropped, published, delivered, latency, replayed, resyncs,
                evicted, queueDepthMax);
    }

    /** What the delivery path counts with: one object, injected without a proxy (dependent scope). */
    @Produces
    @Dependent
    SseMetrics counters() {
        return counters;
    }

    /** Registers the metrics at start, so that a scrape shows them before the first connection. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // the observer's instance is created, and its @PostConstruct has registered everything
    }

    private static Metadata describe(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description).build();
    }

    double heartbeatLagSeconds() {
        Duration late = Duration.between(maintenance.lastHeartbeat(), Instant.now()).minus(maintenance.heartbeatTick());
        return late.isNegative() ? 0 : late.toMillis() / 1000.0;
    }
}
