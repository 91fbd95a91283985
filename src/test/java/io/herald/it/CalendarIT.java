package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.it.SseClient.Received;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The calendar module over HTTP: every change reaches the attendees' streams, and only theirs. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CalendarIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Deployment(testable = false)
    static WebArchive deployment() {
        // The reminder timer is tested in-process; here it would send reminders of its own.
        return Deployments.herald("herald-calendar", Map.of("herald.calendar.reminders.enabled", "false"));
    }

    @ArquillianResource
    URL base;

    private Herald herald;

    @BeforeEach
    void setUp() {
        herald = new Herald(base);
    }



    private static String token(String user) {
        return Tokens.mint(user, "user");
    }

    private SseClient stream(String user) {
        SseClient client = SseClient.connect(herald.api("sse/connect"), token(user));
        client.await("connection_established", WAIT);
        return client;
    }

    private static String eventJson(String title, Instant start, Duration length, String... attendees) {
        return "{\"title\":\"" + title + "\",\"description\":\"Weekly\",\"start\":\"" + start + "\",\"end\":\""
                + start.plus(length) + "\",\"attendees\":["
                + Set.of(attendees).stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(",")) + "]}";
    }

    private JsonNode create(String organizer, String json) {
        HttpResponse<String> response = Http.post(herald.api("calendar/events"), token(organizer), json);
        assertEquals(201, response.statusCode(), response.body());
        JsonNode created = Http.json(response);
        assertTrue(response.headers().firstValue("Location").orElse("").endsWith("/api/calendar/events/" + created.path("id").asLong()));
        return created;
    }

    private HttpResponse<String> put(String user, long id, String json) {
        return Http.send(Http.request(herald.api("calendar/events/" + id), token(user))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Publishes a marker to everyone: anything misaddressed before it would show up first. */
    private void marker() {
        herald.publish("{\"type\":\"marker\"}");
    }

    private static List<String> typesUntilMarker(SseClient stream) {
        return stream.until("marker", WAIT).stream().map(Received::type).filter(t -> !t.equals("heartbeat")).toList();
    }

    @Test
    void createUpdateAndDeleteReachTheAttendeesAndNoOneElse() {
        String alice = Herald.unique("alice");
        String bob = Herald.unique("bob");
        String carol = Herald.unique("carol");
        String dave = Herald.unique("dave");
        Instant start = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
        try (SseClient organizer = stream(alice); SseClient b = stream(bob); SseClient c = stream(carol);
             SseClient outsider = stream(dave)) {

            JsonNode created = create(alice, eventJson("Planning", start, Duration.ofHours(1), bob, carol));
            long id = created.path("id").asLong();
            assertEquals(alice, created.path("organizer").asText());

            for (SseClient attendee : List.of(b, c)) {
                Received received = attendee.await("calendar_event_created", WAIT);
                JsonNode data = received.json().path("data");
                assertEquals("created", data.path("action").asText());
                assertEquals("Calendar event 'Planning' was created", data.path("message").asText());
                assertEquals(id, data.path("entity").path("id").asLong());
                assertEquals(start.toString(), data.path("entity").path("start").asText());
            }

            // Carol is replaced by Dave: both hear of it (Carol so that she can drop it).
            HttpResponse<String> updated = put(alice, id, eventJson("Planning (moved)", start.plus(Duration.ofHours(2)),
                    Duration.ofHours(1), bob, dave));
            assertEquals(200, updated.statusCode(), updated.body());
            assertEquals("Planning (moved)", b.await("calendar_event_updated", WAIT).json().path("data").path("entity").path("title").asText());
            assertEquals("updated", c.await("calendar_event_updated", WAIT).json().path("data").path("action").asText());
            JsonNode nowInvited = outsider.await("calendar_event_updated", WAIT).json().path("data").path("entity").path("attendees");
            assertEquals(List.of(bob, dave).stream().sorted().toList(),
                    List.of(nowInvited.get(0).asText(), nowInvited.get(1).asText()));

            assertEquals(204, Http.delete(herald.api("calendar/events/" + id), token(alice)).statusCode());
            assertEquals("deleted", b.await("calendar_event_deleted", WAIT).json().path("data").path("action").asText());
            outsider.await("calendar_event_deleted", WAIT);
            assertEquals(404, Http.get(herald.api("calendar/events/" + id), token(bob)).statusCode());

            marker();
            assertEquals(List.of("marker"), typesUntilMarker(organizer), "the organiser made the changes and is not told");
            assertFalse(typesUntilMarker(c).contains("calendar_event_deleted"), "carol was no longer invited");
        }
    }

    @Test
    void onlyTheOrganiserChangesOrDeletesAndOutsidersCannotSeeTheEvent() {
        String alice = Herald.unique("alice");
        String bob = Herald.unique("bob");
        String eve = Herald.unique("eve");
        Instant start = Instant.now().plus(40, ChronoUnit.DAYS);
        long id = create(alice, eventJson("Review", start, Duration.ofHours(1), bob)).path("id").asLong();

        assertEquals(403, put(bob, id, eventJson("Mine now", start, Duration.ofHours(1), bob)).statusCode());
        assertEquals(403, Http.delete(herald.api("calendar/events/" + id), token(bob)).statusCode());
        assertEquals(404, put(eve, id, eventJson("Mine now", start, Duration.ofHours(1), eve)).statusCode());
        assertEquals(404, Http.get(herald.api("calendar/events/" + id), token(eve)).statusCode());
        assertEquals(200, Http.get(herald.api("calendar/events/" + id), token(bob)).statusCode());

        JsonNode bobsList = Http.json(Http.get(herald.api("calendar/events?from=" + start.minus(Duration.ofDays(1))
                + "&to=" + start.plus(Duration.ofDays(1))), token(bob)));
        assertEquals(1, bobsList.size());
        assertEquals(0, Http.json(Http.get(herald.api("calendar/events"), token(eve))).size());
    }

    @Test
    void remindersForOneEventAndForEverythingStartingSoon() {
        String alice = Herald.unique("alice");
        String bob = Herald.unique("bob");
        String carol = Herald.unique("carol");
        Instant soon = Instant.now().plus(Duration.ofMinutes(5));
        JsonNode before10m = upcoming("10m");
        JsonNode before4h = upcoming("4h");
        try (SseClient b = stream(bob); SseClient c = stream(carol)) {
            long first = create(alice, eventJson("Soon", soon, Duration.ofMinutes(30), bob)).path("id").asLong();
            create(alice, eventJson("Also soon", soon.plus(Duration.ofMinutes(2)), Duration.ofMinutes(30), bob, carol));
            create(alice, eventJson("Later", Instant.now().plus(Duration.ofHours(3)), Duration.ofMinutes(30), carol));

            JsonNode one = Http.json(Http.send(Http.request(herald.api("calendar/reminders/" + first), token(alice))
                    .POST(HttpRequest.BodyPublishers.noBody())));
            assertEquals(1, one.path("events").asInt());
            assertEquals(2, one.path("usersNotified").asInt(), "bob and the organiser");
            Received reminder = b.await("calendar_event_reminder", WAIT);
            assertEquals("Soon", reminder.json().path("data").path("entity").path("title").asText());
            assertEquals("reminder", reminder.json().path("data").path("action").asText());

            JsonNode upcoming = upcoming("10m");
            // Other test classes share the database: count what this test added to the window.
            assertEquals(2, upcoming.path("events").asInt() - before10m.path("events").asInt(),
                    "the two events in the next 10 minutes");
            assertEquals(3, upcoming.path("usersNotified").asInt() - before10m.path("usersNotified").asInt(),
                    "alice, bob and carol");
            assertEquals("Also soon", c.await("calendar_event_reminder", WAIT).json().path("data").path("entity").path("title").asText());

            assertEquals(3, upcoming("4h").path("events").asInt() - before4h.path("events").asInt());
        }
    }

    private JsonNode upcoming(String window) {
        HttpResponse<String> response = Http.send(Http.request(herald.api("calendar/reminders/upcoming?window=" + window), herald.admin)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, response.statusCode(), response.body());
        return Http.json(response);
    }

    @Test
    void reminderEndpointsRefuseWhatTheyShould() {
        String alice = Herald.unique("alice");
        String bob = Herald.unique("bob");
        long id = create(alice, eventJson("X", Instant.now().plus(Duration.ofDays(50)), Duration.ofHours(1), bob)).path("id").asLong();
        HttpRequest.BodyPublisher none = HttpRequest.BodyPublishers.noBody();
        assertEquals(404, Http.send(Http.request(herald.api("calendar/reminders/999999999"), token(alice)).POST(none)).statusCode());
        assertEquals(403, Http.send(Http.request(herald.api("calendar/reminders/" + id), token(bob)).POST(none)).statusCode());
        assertEquals(200, Http.send(Http.request(herald.api("calendar/reminders/" + id), herald.admin).POST(none)).statusCode());
        assertEquals(403, Http.send(Http.request(herald.api("calendar/reminders/upcoming"), token(alice)).POST(none)).statusCode());
        assertEquals(400, Http.send(Http.request(herald.api("calendar/reminders/upcoming?window=soon"), herald.admin).POST(none)).statusCode());
        assertEquals(400, Http.send(Http.request(herald.api("calendar/reminders/upcoming?window=30d"), herald.admin).POST(none)).statusCode());
    }

    @Test
    void badInputIsA400NamingTheField() {
        String alice = Herald.unique("alice");
        Instant start = Instant.now().plus(Duration.ofDays(60));
        assertInvalid(alice, "{\"start\":\"" + start + "\",\"end\":\"" + start.plusSeconds(60) + "\",\"attendees\":[]}", "title");
        assertInvalid(alice, eventJson("Backwards", start, Duration.ofMinutes(-30)), "end");
        assertInvalid(alice, eventJson("Bad attendee", start, Duration.ofMinutes(30), "not a user!"), "attendees[0]");
        assertInvalid(alice, "{\"title\":\"T\",\"start\":\"tomorrow\",\"end\":\"" + start + "\",\"attendees\":[]}", "start");
        assertInvalid(alice, "{\"title\":\"T\",\"start\":", "Malformed JSON");
        assertInvalid(alice, "", "body");
        assertInvalid(alice, "{\"title\":\"T\",\"start\":\"" + start + "\",\"end\":\"" + start.plusSeconds(60)
                + "\",\"attendees\":[],\"organizer\":\"mallory\"}", "organizer");
    }

    private void assertInvalid(String user, String json, String named) {
        HttpResponse<String> response = Http.post(herald.api("calendar/events"), token(user), json);
        assertEquals(400, response.statusCode(), json + " -> " + response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(Http.json(response).path("detail").asText().contains(named), json + " -> " + response.body());
    }
}
