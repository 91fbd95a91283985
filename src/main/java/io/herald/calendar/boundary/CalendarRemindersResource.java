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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Reminders on request: for everything starting soon (operators), or for one event (its organiser).
 * Their API description is in {@code META-INF/openapi.yaml} (paths {@code /api/calendar/reminders/...}).
 */
@Path("calendar/reminders")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Calendar")
@SecurityRequirement(name = ApiDocs.BEARER)
@APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
public class CalendarRemindersResource {

    private static final Duration LONGEST_WINDOW = Duration.ofDays(7);

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
    @Operation(summary = "Remind every event starting soon")
    @APIResponse(responseCode = "200", description = "What was reminded")
    @APIResponse(responseCode = "400", ref = "BadReminderWindow")
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public ReminderResult upcoming(@QueryParam("window") String window) {
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
    @Operation(summary = "Remind one event")
    @APIResponse(responseCode = "200", description = "What was reminded")
    @APIResponse(responseCode = "403", ref = "NeitherOrganiserNorAdmin")
    @APIResponse(responseCode = "404", ref = "UnknownEventToRemind")
    public ReminderResult remind(@PathParam("eventId") long eventId) {
        String userId = Caller.of(security).userId();
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
