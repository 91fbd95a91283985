package io.herald.calendar.boundary;

import io.herald.calendar.control.CalendarConfig;
import io.herald.calendar.control.CalendarReminders;
import io.herald.calendar.entity.ReminderResult;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;

/**
 * Sends reminders by itself: a non-persistent interval timer (MicroProfile Config sets the interval,
 * and may switch it off) reminds each event that starts within the window, once.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CalendarReminderTimer {

    private static final System.Logger LOG = System.getLogger(CalendarReminderTimer.class.getName());

    @Resource
    TimerService timerService;

    @Inject
    CalendarConfig config;

    @Inject
    CalendarReminders reminders;

    @PostConstruct
    void start() {
        if (!config.remindersEnabled()) {
            LOG.log(Level.INFO, "Calendar reminders are off (herald.calendar.reminders.enabled=false)");
            return;
        }
        long interval = config.remindersInterval().toMillis();
        timerService.createIntervalTimer(interval, interval, new TimerConfig("herald-calendar-reminders", false));
        LOG.log(Level.INFO, "Calendar reminders every {0} for events starting within {1}",
                config.remindersInterval(), config.remindersWindow());
    }

    @Timeout
    void remindDueEvents() {
        try {
            ReminderResult result = reminders.remindDue(config.remindersWindow());
            if (result.events() > 0) {
                LOG.log(Level.INFO, "Reminded {0} calendar event(s), {1} user(s)", result.events(), result.usersNotified());
            }
        } catch (RuntimeException e) {
            // The next tick tries again; the failed run rolled back and notified no one.
            LOG.log(Level.ERROR, "Calendar reminder run failed", e);
        }
    }
}
