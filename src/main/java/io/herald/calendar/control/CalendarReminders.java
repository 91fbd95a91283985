package io.herald.calendar.control;

import io.herald.calendar.entity.CalendarEvent;
import io.herald.calendar.entity.CalendarEventView;
import io.herald.calendar.entity.ReminderResult;
import io.herald.sse.boundary.SseNotificationService;
import io.herald.sse.entity.CalendarAction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Sends {@code calendar_event_reminder} to everyone in an event: its attendees and its organiser.
 * A reminded event is marked in the same transaction, so the timer reminds each event once.
 */
@ApplicationScoped
@Transactional
public class CalendarReminders {

    private final Clock clock = Clock.systemUTC();

    @PersistenceContext(unitName = "herald")
    EntityManager em;

    @Inject
    SseNotificationService notifications;

    /** Reminds every event starting within {@code window}, reminded before or not (an explicit request). */
    public ReminderResult remindStartingWithin(Duration window) {
        return remind(CalendarEvent.STARTING_BETWEEN, window);
    }

    /** Reminds the events starting within {@code window} that were not reminded yet (the timer). */
    public ReminderResult remindDue(Duration window) {
        return remind(CalendarEvent.DUE_FOR_REMINDER, window);
    }

    /** Reminds one event. */
    public ReminderResult remind(CalendarEvent event) {
        CalendarEvent managed = em.contains(event) ? event : em.merge(event);
        Set<String> told = remindOne(managed, clock.instant());
        return new ReminderResult(1, told.size());
    }

    private ReminderResult remind(String query, Duration window) {
        Instant now = clock.instant();
        List<CalendarEvent> events = em.createNamedQuery(query, CalendarEvent.class)
                .setParameter("now", now)
                .setParameter("until", now.plus(window))
                .getResultList();
        Set<String> users = new HashSet<>();
        for (CalendarEvent event : events) {
            users.addAll(remindOne(event, now));
        }
        return new ReminderResult(events.size(), users.size());
    }

    private Set<String> remindOne(CalendarEvent event, Instant now) {
        Set<String> recipients = new LinkedHashSet<>(event.attendees());
        recipients.add(event.organizer());
        event.markReminded(now);
        em.flush(); // the notification carries the version this change produces
        notifications.sendCalendarEventNotification(recipients, CalendarEventView.of(event), CalendarAction.REMINDER);
        return recipients;
    }
}
