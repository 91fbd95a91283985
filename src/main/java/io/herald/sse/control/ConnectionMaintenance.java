package io.herald.sse.control;

import io.herald.sse.entity.EventTypes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The work behind the timers: heartbeats to every connection, and closing dead and inactive ones. */
@ApplicationScoped
public class ConnectionMaintenance {

    private static final System.Logger LOG = System.getLogger(ConnectionMaintenance.class.getName());

    private final Clock clock = Clock.systemUTC();
    private volatile Instant lastHeartbeat = clock.instant();

    @Inject
    ConnectionRegistry registry;

    @Inject
    SseConfig config;

    @Inject
    @Selected
    EventLog events;

    @Inject
    ConnectionLog log = new ConnectionLog();

    /** Queues one heartbeat, serialised once, on every connection. Never blocks on a client. */
    public void sendHeartbeats() {
        Instant now = clock.instant();
        Frame heartbeat = Frame.control(null, EventTypes.HEARTBEAT, Map.of(), null, now);
        int sent = 0;
        for (Connection connection : registry.all()) {
            sent += connection.offer(heartbeat) ? 1 : 0;
        }
        lastHeartbeat = now;
        // The heartbeat was the first write to a socket whose client left; a probe a moment later fails there.
        registry.probeLater(registry.all());
        int count = sent;
        LOG.log(Level.DEBUG, () -> "Heartbeat queued on " + count + " connection(s)");
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

    /** When the heartbeat timer last ran (application start before the first run). */
    public Instant lastHeartbeat() {
        return lastHeartbeat;
    }

    /** The timers are alive if a heartbeat ran within two intervals. */
    public boolean heartbeatOnTime() {
        Duration allowed = config.heartbeatInterval().multipliedBy(2);
        return Duration.between(lastHeartbeat, clock.instant()).compareTo(allowed) <= 0;
    }
}
