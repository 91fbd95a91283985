package io.herald.sse.boundary;

import io.herald.sse.control.ConnectionMaintenance;
import io.herald.sse.control.SseConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;

/**
 * Drives heartbeats and clean-up with non-persistent interval timers whose periods come from
 * MicroProfile Config (the heartbeat timer ticks a fraction of the interval: see
 * {@link ConnectionMaintenance#sendHeartbeats()}). The timers only trigger; {@link ConnectionMaintenance} does the work.
 * Bean-managed concurrency: with the default container write lock a tick would queue behind the
 * previous one, and neither ever waits for a client anyway.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SseTimers {

    private static final System.Logger LOG = System.getLogger(SseTimers.class.getName());
    private static final String HEARTBEAT = "herald-heartbeat";
    private static final String CLEANUP = "herald-cleanup";

    @Resource
    TimerService timerService;

    @Inject
    ConnectionMaintenance maintenance;

    @Inject
    SseConfig config;

    @PostConstruct
    void start() {
        // The heartbeat timer ticks several times an interval; each tick covers its share of the
        // connections, so each gets a heartbeat once an interval, at its own moment of it.
        long tick = maintenance.heartbeatTick().toMillis();
        long cleanup = config.cleanupInterval().toMillis();
        timerService.createIntervalTimer(tick, tick, new TimerConfig(HEARTBEAT, false));
        timerService.createIntervalTimer(cleanup, cleanup, new TimerConfig(CLEANUP, false));
        LOG.log(Level.INFO, "Herald timers started: a heartbeat to each stream every {0} (a tick every {1}, each for its"
                        + " share of the streams), clean-up every {2}, inactivity timeout {3}",
                config.heartbeatInterval(), maintenance.heartbeatTick(), config.cleanupInterval(), config.inactivityTimeout());
    }

    @Timeout
    void onTimeout(Timer timer) {
        try {
            if (HEARTBEAT.equals(timer.getInfo())) {
                maintenance.sendHeartbeats();
            } else if (CLEANUP.equals(timer.getInfo())) {
                maintenance.cleanUp();
            }
        } catch (RuntimeException e) {
            // A failed tick must not cancel the timer; the next one tries again.
            LOG.log(Level.ERROR, "Timer " + timer.getInfo() + " failed", e);
        }
    }
}
