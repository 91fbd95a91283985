package io.herald.sse.control;

import io.herald.sse.entity.EventTypes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The work behind the timers: a heartbeat to every connection once an interval, each at its own moment
 * of it, and closing dead and inactive ones.
 */
@ApplicationScoped
public class ConnectionMaintenance {

    private static final System.Logger LOG = System.getLogger(ConnectionMaintenance.class.getName());

    /** The most moments a heartbeat interval is cut into; each connection has its heartbeat at one of them. */
    static final int MAX_SLICES = 30;
    /** The shortest tick: a short interval (tests use one second) is cut into fewer moments. */
    static final long MIN_TICK_MILLIS = 100;

    private final Clock clock = Clock.systemUTC();
    private volatile Instant lastHeartbeat = clock.instant();
    private final AtomicLong ticks = new AtomicLong();

    @Inject
    ConnectionRegistry registry;

    @Inject
    SseConfig config;

    @Inject
    @Selected
    EventLog events;

    @Inject
    ConnectionLog log = new ConnectionLog();

    /** Into how many moments the heartbeat interval is cut: 30 for the default 30 s, fewer for a short one. */
    int slices() {
        return (int) Math.max(1, Math.min(MAX_SLICES, config.heartbeatInterval().toMillis() / MIN_TICK_MILLIS));
    }

    /** How often the heartbeat timer ticks: the interval over its {@link #slices}. */
    public Duration heartbeatTick() {
        return config.heartbeatInterval().dividedBy(slices());
    }

    /**
     * One tick of the heartbeat timer: queues one heartbeat, serialised once, on the connections whose
     * moment of the interval this is (a connection's moment follows from its id), and never blocks on a
     * client. So every connection gets a heartbeat once an interval, and the connections' heartbeats are
     * spread over it: sent to every connection at once, 2,000 heartbeats arrived together with the
     * broadcast of that moment, and a client took them all before that broadcast's last events, once
     * every interval (BENCHMARKS.md, "Heartbeats at once").
     */
    public void sendHeartbeats() {
        Instant now = clock.instant();
        int slices = slices();
        int slice = (int) Math.floorMod(ticks.getAndIncrement(), (long) slices);
        Frame heartbeat = Frame.control(null, EventTypes.HEARTBEAT, Map.of(), null, now);
        List<Connection> due = new ArrayList<>();
        for (Connection connection : registry.all()) {
            if (Math.floorMod(connection.id().hashCode(), slices) == slice) {
                due.add(connection);
            }
        }
        int sent = 0;
        for (Connection connection : due) {
            sent += connection.offer(heartbeat) ? 1 : 0;
        }
        lastHeartbeat = now;
        // The heartbeat was the first write to a socket whose client left; a probe a moment later fails there.
        registry.probeLater(due);
        int count = sent;
        LOG.log(Level.TRACE, () -> "Heartbeat queued on " + count + " connection(s), moment " + (slice + 1) + " of " + slices);
    }

    /**
     * Drops history past its age, and closes connections whose client is known to be gone, those whose
     * write has not finished for the write timeout, and those that were sent nothing but heartbeats
     * for the inactivity timeout.
     *
     * @return how many connections were closed
     */
    public int cleanUp() {
        Instant now = clock.instant();
        log.flush();
        events.prune(now);
        Instant idleSince = now.minus(config.inactivityTimeout());
        int closed = 0;
        for (Connection connection : List.copyOf(registry.all())) {
            if (connection.isOutletClosed()) {
                connection.close(CloseReason.CLIENT_GONE);
                closed++;
            } else if (connection.stalledFor().compareTo(config.writeTimeout()) > 0) {
                // A non-blocking write that has not finished for the write timeout: the client stopped reading.
                connection.close(CloseReason.TOO_SLOW);
                closed++;
            } else if (connection.lastActivity().isBefore(idleSince)) {
                connection.close(CloseReason.INACTIVE);
                closed++;
            }
        }
        if (closed > 0) {
            LOG.log(Level.INFO, "Clean-up closed {0} connection(s); {1} open", closed, registry.count());
        }
        return closed;
    }

    /** When the heartbeat timer last ticked (application start before the first tick). */
    public Instant lastHeartbeat() {
        return lastHeartbeat;
    }

    /** The timers are alive if a heartbeat tick ran within two intervals. */
    public boolean heartbeatOnTime() {
        Duration allowed = config.heartbeatInterval().multipliedBy(2);
        return Duration.between(lastHeartbeat, clock.instant()).compareTo(allowed) <= 0;
    }
}
