package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.calendar.control.CalendarEvents;
import io.herald.calendar.entity.CalendarEvent;
import io.herald.calendar.entity.CalendarEventRequest;
import io.herald.sse.boundary.SseService;
import io.herald.sse.entity.SseEvent;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.transaction.UserTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.naming.InitialContext;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Inside the server: a calendar change that does not commit notifies no one; the timer reminds once. */
@ExtendWith(ArquillianExtension.class)
class CalendarTransactionsIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Deployment
    static WebArchive deployment() {
        return Deployments.herald("herald-calendar-tx", Map.of(
                        "herald.sse.heartbeat-interval", "1h",
                        "herald.calendar.reminders.interval", "1s",
                        "herald.calendar.reminders.window", "15m"),
                CalendarTransactionsIT.class, Collector.class);
    }

    private SseService sse;
    private CalendarEvents events;

    @BeforeEach
    void lookUp() {
        sse = CDI.current().select(SseService.class).get();
        events = CDI.current().select(CalendarEvents.class).get();
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Collector subscribe(String user) throws InterruptedException {
        return Collector.subscribe(sse, user, WAIT);
    }

    private static CalendarEventRequest request(String title, Instant start, String... attendees) {
        return new CalendarEventRequest(title, null, start, start.plus(Duration.ofMinutes(30)), List.of(attendees));
    }

    private List<String> typesUntilMarker(Collector stream, String user) throws InterruptedException {
        sse.sendToUser(user, "marker", Map.of());
        return stream.until("marker", WAIT).stream().map(SseEvent::type).toList();
    }

    @Test
    void aRolledBackCreateNotifiesNoOneAndStoresNothing() throws Exception {
        String organizer = unique("alice");
        String attendee = unique("bob");
        Collector stream = subscribe(attendee);
        UserTransaction tx = InitialContext.doLookup("java:comp/UserTransaction");

        tx.begin();
        CalendarEvent event = events.create(organizer, request("Never happened", Instant.now().plus(Duration.ofDays(3)), attendee));
        long id = event.id();
        tx.rollback();

        assertEquals(List.of("marker"), typesUntilMarker(stream, attendee));
        assertTrue(events.find(id).isEmpty(), "nothing was stored");
    }

    @Test
    void aSaveTheDatabaseRejectsNotifiesNoOne() throws Exception {
        String attendee = unique("bob");
        Collector stream = subscribe(attendee);
        // Past the column's 200 characters: the resource would refuse it, the database refuses it here.
        String tooLong = "x".repeat(CalendarEvent.TITLE_LENGTH + 50);

        assertThrows(RuntimeException.class,
                () -> events.create(unique("alice"), request(tooLong, Instant.now().plus(Duration.ofDays(3)), attendee)));

        assertEquals(List.of("marker"), typesUntilMarker(stream, attendee));
    }

    @Test
    void aCommittedCreateNotifiesAfterTheCommit() throws Exception {
        String attendee = unique("bob");
        Collector stream = subscribe(attendee);
        UserTransaction tx = InitialContext.doLookup("java:comp/UserTransaction");

        tx.begin();
        events.create(unique("alice"), request("Happens", Instant.now().plus(Duration.ofDays(3)), attendee));
        assertEquals(null, stream.poll(Duration.ofMillis(500)), "nothing before the commit");
        tx.commit();

        assertEquals("calendar_event_created", stream.await("calendar_event_created", WAIT).type());
    }

    @Test
    void theTimerRemindsEachUpcomingEventOnce() throws Exception {
        String organizer = unique("alice");
        String attendee = unique("bob");
        Collector attendeeStream = subscribe(attendee);
        Collector organizerStream = subscribe(organizer);

        events.create(organizer, request("Starts soon", Instant.now().plus(Duration.ofMinutes(10)), attendee));

        SseEvent reminder = attendeeStream.await("calendar_event_reminder", WAIT);
        assertEquals("Calendar event 'Starts soon' starts soon", reminderMessage(reminder));
        organizerStream.await("calendar_event_reminder", WAIT);

        Thread.sleep(3000); // three more timer runs (every second here)
        List<String> since = typesUntilMarker(attendeeStream, attendee);
        assertEquals(List.of("marker"), since, "reminded once, not at every run");
    }

    private static String reminderMessage(SseEvent event) {
        return event.data().path("message").asText();
    }
}
