package io.herald.calendar.boundary;

import io.herald.HeraldApplication;
import io.herald.calendar.control.CalendarConfig;
import io.herald.calendar.control.CalendarEvents;
import io.herald.calendar.control.CalendarReminders;
import io.herald.calendar.entity.CalendarEvent;
import io.herald.calendar.entity.ReminderResult;
import io.herald.platform.ApiDocs;
import io.herald.security.Caller;
import io.herald.sse.control.Durations;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Reminders on request: for everything starting soon (operators), or for one event (its organiser). */
@Path("calendar/reminders")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Calendar")
@SecurityRequirement(name = ApiDocs.BEARER)
@APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
public class CalendarRemindersResource {

    private static final Duration LONGEST_WINDOW = Duration.ofDays(7);
    private static final String RESULT = "{\"events\":2,\"usersNotified\":3}";

    @Inject
    Caller caller;

    @Inject
    CalendarEvents events;

    @Inject
    CalendarReminders reminders;

    @Inject
    CalendarConfig config;

    @Context
    SecurityContext security;

    /** Reminds the attendees of every event starting within {@code window} (default 15m, at most 7 days). */
    @POST
    @Path("upcoming")
    @RolesAllowed({HeraldApplication.ADMIN, HeraldApplication.PUBLISHER})
    @Operation(summary = "Remind every event starting soon",
            description = "Roles: `admin` or `publisher`. Sends `calendar_event_reminder` to the attendees and the "
                    + "organiser of each event starting within `window`; answers how many events and distinct users.")
    @APIResponse(responseCode = "200", description = "What was reminded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReminderResult.class),
                    examples = @ExampleObject(name = "two events", value = RESULT)))
    @APIResponse(responseCode = "400", description = "`window` is not a positive duration, or longer than 7 days.",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(ref = ApiDocs.PROBLEM),
                    examples = @ExampleObject(name = "too long", value = "{\"type\":\"urn:herald:problem:bad-request\","
                            + "\"title\":\"Bad Request\",\"status\":400,\"detail\":\"window must be at most 7 days\"}")))
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public ReminderResult upcoming(@Parameter(description = "How soon: `500ms`, `30s`, `15m`, `2h` or ISO-8601 (`PT15M`); "
                                           + "default `herald.calendar.reminders.window` (15m), at most 7 days", example = "1h")
                                   @QueryParam("window") String window) {
        Duration within = config.remindersWindow();
        if (window != null && !window.isBlank()) {
            try {
                within = Durations.parse("window", window);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException(e.getMessage());
            }
        }
        if (within.compareTo(LONGEST_WINDOW) > 0) {
            throw new BadRequestException("window must be at most " + LONGEST_WINDOW.toDays() + " days");
        }
        return reminders.remindStartingWithin(within);
    }

    /** Reminds the attendees of one event; its organiser or an administrator may ask. */
    @POST
    @Path("{eventId}")
    @Operation(summary = "Remind one event",
            description = "Any authenticated user may call it, but only the event's organiser or a user with the "
                    + "`admin` role succeeds (403 for an attendee, 404 for anyone else). Sends "
                    + "`calendar_event_reminder` to the attendees and the organiser.")
    @APIResponse(responseCode = "200", description = "What was reminded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReminderResult.class),
                    examples = @ExampleObject(name = "one event", value = "{\"events\":1,\"usersNotified\":3}")))
    @APIResponse(responseCode = "403", description = "The caller attends the event but neither organises it nor is an administrator.",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(ref = ApiDocs.PROBLEM),
                    examples = @ExampleObject(name = "attendee", value = "{\"type\":\"urn:herald:problem:forbidden\","
                            + "\"title\":\"Forbidden\",\"status\":403,"
                            + "\"detail\":\"Only the organiser or an administrator sends a reminder for event 7\"}")))
    @APIResponse(responseCode = "404", description = "No such event, or (for a non-administrator) one the caller neither organises nor attends.",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(ref = ApiDocs.PROBLEM),
                    examples = @ExampleObject(name = "unknown", value = "{\"type\":\"urn:herald:problem:not-found\","
                            + "\"title\":\"Not Found\",\"status\":404,\"detail\":\"No calendar event 7\"}")))
    public ReminderResult remind(@Parameter(description = "The event's id", example = "7") @PathParam("eventId") long eventId) {
        String userId = caller.userId();
        boolean admin = security.isUserInRole(HeraldApplication.ADMIN);
        CalendarEvent event = events.findVisible(eventId, userId)
                .or(() -> admin ? events.find(eventId) : Optional.empty())
                .orElseThrow(() -> new NotFoundException("No calendar event " + eventId));
        if (!admin && !event.organizer().equals(userId)) {
            throw new ForbiddenException("Only the organiser or an administrator sends a reminder for event " + eventId);
        }
        return reminders.remind(event);
    }
}
