package io.herald.calendar.boundary;

import io.herald.calendar.control.CalendarEvents;
import io.herald.calendar.entity.CalendarEvent;
import io.herald.calendar.entity.CalendarEventRequest;
import io.herald.calendar.entity.CalendarEventView;
import io.herald.platform.ApiDocs;
import io.herald.security.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Calendar events of the caller: those they organise or attend. Only the organiser changes or
 * deletes one; attendees are notified after each change commits. Their API description is in
 * {@code META-INF/openapi.yaml} (paths {@code /api/calendar/events...}).
 */
@Path("calendar/events")
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Calendar")
@SecurityRequirement(name = ApiDocs.BEARER)
@APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
public class CalendarEventsResource {

    private static final Duration DEFAULT_RANGE = Duration.ofDays(366);

    @Inject
    CalendarEvents events;

    @Context
    UriInfo uri;

    @Context
    SecurityContext security;

    @POST
    @Operation(summary = "Create a calendar event")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", ref = "InvalidCalendarEvent")
    public Response create(@Valid @NotNull CalendarEventRequest request) {
        CalendarEvent event = events.create(Caller.of(security).userId(), request);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(event.id())).build())
                .entity(CalendarEventView.of(event))
                .build();
    }

    /** Events overlapping {@code [from, to)}; by default from now for a year. */
    @GET
    @Operation(summary = "List the caller's calendar events")
    @APIResponse(responseCode = "200", description = "The events")
    @APIResponse(responseCode = "400", ref = "BadCalendarRange")
    public List<CalendarEventView> list(
            @QueryParam("from") String from,
            @QueryParam("to") String to) {
        Instant start = instant("from", from, Instant.now());
        Instant end = instant("to", to, start.plus(DEFAULT_RANGE));
        if (!end.isAfter(start)) {
            throw new BadRequestException("'to' must be after 'from'");
        }
        return events.visibleTo(Caller.of(security).userId(), start, end).stream().map(CalendarEventView::of).toList();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get one calendar event")
    @APIResponse(responseCode = "200", description = "The event")
    @APIResponse(responseCode = "404", ref = "UnknownCalendarEvent")
    public CalendarEventView get(@PathParam("id") long id) {
        return events.findVisible(id, Caller.of(security).userId())
                .map(CalendarEventView::of)
                .orElseThrow(() -> new NotFoundException("No calendar event " + id));
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Change a calendar event")
    @APIResponse(responseCode = "200", description = "The changed event")
    @APIResponse(responseCode = "400", ref = "InvalidCalendarEvent")
    @APIResponse(responseCode = "403", ref = "NotTheOrganiser")
    @APIResponse(responseCode = "404", ref = "UnknownCalendarEvent")
    public CalendarEventView update(@PathParam("id") long id,
                                    @Valid @NotNull CalendarEventRequest request) {
        return CalendarEventView.of(events.update(id, Caller.of(security).userId(), request));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Cancel a calendar event")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", ref = "NotTheOrganiser")
    @APIResponse(responseCode = "404", ref = "UnknownCalendarEvent")
    public Response delete(@PathParam("id") long id) {
        events.delete(id, Caller.of(security).userId());
        return Response.noContent().build();
    }

    private static Instant instant(String name, String text, Instant otherwise) {
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("'" + name + "' must be an ISO-8601 instant such as 2026-01-31T09:00:00Z");
        }
    }
}
