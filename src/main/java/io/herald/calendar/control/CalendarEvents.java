package io.herald.calendar.control;

import io.herald.calendar.entity.CalendarEvent;
import io.herald.calendar.entity.CalendarEventRequest;
import io.herald.calendar.entity.CalendarEventView;
import io.herald.sse.boundary.SseNotificationService;
import io.herald.sse.entity.CalendarAction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Stores calendar events and tells their attendees. Each change and its notification share one
 * transaction: the notification is delivered after the commit, and never if the change fails.
 * The organiser made the change, so only the attendees hear of it.
 */
@ApplicationScoped
@Transactional
public class CalendarEvents {

    private final Clock clock = Clock.systemUTC();

    @PersistenceContext(unitName = "herald")
    EntityManager em;

    @Inject
    SseNotificationService notifications;

    public CalendarEvent create(String organizer, CalendarEventRequest request) {
        Instant now = clock.instant();
        CalendarEvent event = new CalendarEvent(organizer, now);
        apply(event, request, now);
        em.persist(event);
        em.flush(); // the id and version go into the notification
        notifications.sendCalendarEventNotification(event.attendees(), CalendarEventView.of(event), CalendarAction.CREATED);
        return event;
    }

    /** The event, if {@code userId} organises or attends it; others cannot tell it exists. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<CalendarEvent> findVisible(Long id, String userId) {
        return Optional.ofNullable(em.find(CalendarEvent.class, id)).filter(event -> event.isVisibleTo(userId));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<CalendarEvent> find(Long id) {
        return Optional.ofNullable(em.find(CalendarEvent.class, id));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<CalendarEvent> visibleTo(String userId, Instant from, Instant to) {
        return em.createNamedQuery(CalendarEvent.VISIBLE_TO, CalendarEvent.class)
                .setParameter("user", userId)
                .setParameter("from", from)
                .setParameter("to", to)
                .getResultList();
    }

    /** Changes an event; attendees old and new hear of it, so a removed attendee can drop it. */
    public CalendarEvent update(Long id, String caller, CalendarEventRequest request) {
        CalendarEvent event = organisedBy(id, caller);
        Set<String> told = new LinkedHashSet<>(event.attendees());
        apply(event, request, clock.instant());
        em.flush();
        told.addAll(event.attendees());
        notifications.sendCalendarEventNotification(told, CalendarEventView.of(event), CalendarAction.UPDATED);
        return event;
    }

    public void delete(Long id, String caller) {
        CalendarEvent event = organisedBy(id, caller);
        CalendarEventView view = CalendarEventView.of(event);
        em.remove(event);
        em.flush();
        notifications.sendCalendarEventNotification(event.attendees(), view, CalendarAction.DELETED);
    }

    private CalendarEvent organisedBy(Long id, String caller) {
        CalendarEvent event = Optional.ofNullable(em.find(CalendarEvent.class, id))
                .filter(found -> found.isVisibleTo(caller))
                .orElseThrow(() -> new NotFoundException("No calendar event " + id));
        if (!event.organizer().equals(caller)) {
            throw new ForbiddenException("Only the organiser changes or deletes calendar event " + id);
        }
        return event;
    }

    private static void apply(CalendarEvent event, CalendarEventRequest request, Instant now) {
        event.apply(request.title().strip(), request.description(), request.start(), request.end(),
                new LinkedHashSet<>(request.attendees()), now);
    }
}
