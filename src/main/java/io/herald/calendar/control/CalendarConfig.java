package io.herald.calendar.control;

import io.herald.sse.control.Durations;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The calendar's settings from MicroProfile Config (environment variables override them). */
@ApplicationScoped
public class CalendarConfig {

    public static final String REMINDERS_ENABLED = "herald.calendar.reminders.enabled";
    public static final String REMINDERS_INTERVAL = "herald.calendar.reminders.interval";
    public static final String REMINDERS_WINDOW = "herald.calendar.reminders.window";

    @Inject
    @ConfigProperty(name = REMINDERS_ENABLED, defaultValue = "true")
    boolean remindersEnabled;

    @Inject
    @ConfigProperty(name = REMINDERS_INTERVAL, defaultValue = "1m")
    String remindersIntervalText;

    @Inject
    @ConfigProperty(name = REMINDERS_WINDOW, defaultValue = "15m")
    String remindersWindowText;

    private Duration remindersInterval;
    private Duration remindersWindow;

    @PostConstruct
    void read() {
        remindersInterval = Durations.parse(REMINDERS_INTERVAL, remindersIntervalText);
        remindersWindow = Durations.parse(REMINDERS_WINDOW, remindersWindowText);
    }

    /** Whether the timer sends reminders by itself. */
    public boolean remindersEnabled() {
        return remindersEnabled;
    }

    /** How often the timer looks for events that start soon. */
    public Duration remindersInterval() {
        return remindersInterval;
    }

    /** How far ahead "soon" reaches: events starting within this window are reminded. */
    public Duration remindersWindow() {
        return remindersWindow;
    }
}
