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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Calendar events of the caller: those they organise or attend. Only the organiser changes or
 * deletes one; attendees are notified after each change commits.
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

    // The examples, once: annotation values must be constants.
    private static final String EVENT_REQUEST = "{\"title\":\"Standup\",\"description\":\"Daily\","
            + "\"start\":\"2026-12-01T09:00:00Z\",\"end\":\"2026-12-01T09:15:00Z\",\"attendees\":[\"bob\",\"carol\"]}";
    private static final String EVENT = "{\"id\":7,\"title\":\"Standup\",\"description\":\"Daily\","
            + "\"start\":\"2026-12-01T09:00:00Z\",\"end\":\"2026-12-01T09:15:00Z\",\"organizer\":\"alice\","
            + "\"attendees\":[\"bob\",\"carol\"],\"version\":1,"
            + "\"createdAt\":\"2026-11-27T15:35:23Z\",\"updatedAt\":\"2026-11-27T15:35:23Z\"}";
    private static final String INVALID = "{\"type\":\"urn:herald:problem:bad-request\",\"title\":\"Bad Request\","
            + "\"status\":400,\"detail\":\"end must be after start; title must not be blank\","
            + "\"errors\":[{\"field\":\"end\",\"message\":\"must be after start\"},"
            + "{\"field\":\"title\",\"message\":\"must not be blank\"}]}";
    private static final String NOT_FOUND = "{\"type\":\"urn:herald:problem:not-found\",\"title\":\"Not Found\","
            + "\"status\":404,\"detail\":\"No calendar event 7\"}";
    private static final String NOT_ORGANISER = "{\"type\":\"urn:herald:problem:forbidden\",\"title\":\"Forbidden\","
            + "\"status\":403,\"detail\":\"Only the organiser changes or deletes calendar event 7\"}";

    @Inject
    Caller caller;

    @Inject
    CalendarEvents events;

    @Context
    UriInfo uri;

    @POST
    @Operation(summary = "Create a calendar event",
            description = "Any authenticated user (no role needed); the caller becomes the organiser. After the "
                    + "change commits, the attendees get `calendar_event_created` with the event as `entity`.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CalendarEventRequest.class),
            examples = @ExampleObject(name = "standup", value = EVENT_REQUEST)))
    @APIResponse(responseCode = "201", description = "Created",
            headers = @Header(name = "Location", description = "The new event's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CalendarEventView.class),
                    examples = @ExampleObject(name = "standup", value = EVENT)))
    @APIResponse(responseCode = "400", description = "Invalid fields (each named in `errors`), or malformed JSON.",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(ref = ApiDocs.PROBLEM),
                    examples = @ExampleObject(name = "invalid fields", value = INVALID)))
    public Response create(@Valid @NotNull CalendarEventRequest request) {
        CalendarEvent event = events.create(caller.userId(), request);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(event.id())).build())
                .entity(CalendarEventView.of(event))
                .build();
    }

    /** Events overlapping {@code [from, to)}; by default from now for a year. */
    @GET
    @Operation(summary = "List the caller's calendar events",
            description = "Any authenticated user (no role needed): the events the caller organises or attends that "
                    + "overlap `[from, to)`; by default from now for a year.")
    @APIResponse(responseCode = "200", description = "The events",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = CalendarEventView.class),
                    examples = @ExampleObject(name = "one event", value = "[" + EVENT + "]")))
    @APIResponse(responseCode = "400", description = "`from` or `to` is not an ISO-8601 instant, or `to` is not after `from`.",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(ref = ApiDocs.PROBLEM),
                    examples = @ExampleObject(name = "bad instant", value = "{\"type\":\"urn:herald:problem:bad-request\","
                            + "\"title\":\"Bad Request\",\"status\":400,"
                            + "\"detail\":\"'from' must be an ISO-8601 instant such as 2026-01-31T09:00:00Z\"}")))
    public List<CalendarEventView> list(
            @Parameter(description = "Start of the range, an ISO-8601 instant; default now", example = "2026-12-01T00:00:00Z")
            @QueryParam("from") String from,
            @Parameter(description = "End of the range (exclusive); default a year after `from`", example = "2026-12-08T00:00:00Z")
            @QueryParam("to") String to) {
        Instant start = instant("from", from, Instant.now());
        Instant end = instant("to", to, start.plus(DEFAULT_RANGE));
        if (!end.isAfter(start)) {
            throw new BadRequestException("'to' must be after 'from'");
        }
        return events.visibleTo(caller.userId(), start, end).stream().map(CalendarEventView::of).toList();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get one calendar event",
            description = "Any authenticated user who organises or attends it; for anyone else it does not exist (404).")
    @APIResponse(responseCode = "200", description = "The event",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CalendarEventView.class),
                    examples = @ExampleObject(name = "standup", value = EVENT)))
    @APIResponse(responseCode = "404", description = "No such event, or the caller neither organises nor attends it.",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(ref = ApiDocs.PROBLEM),
                    examples = @ExampleObject(name = "unknown", value = NOT_FOUND)))
    public CalendarEventView get(@Parameter(description = "The event's id", example = "7") @PathParam("id") long id) {
        return events.findVisible(id, caller.userId())
                .map(CalendarEventView::of)
                .orElseThrow(() -> new NotFoundException("No calendar event " + id));
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Change a calendar event",
            description = "Any authenticated user, but only the event's organiser succeeds (403 for an attendee). "
                    + "After the change commits, old and new attendees get `calendar_event_updated`.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CalendarEventRequest.class),
            examples = @ExampleObject(name = "standup", value = EVENT_REQUEST)))
    @APIResponse(responseCode = "200", description = "The changed event",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CalendarEventView.class),
                    examples = @ExampleObject(name = "standup", value = EVENT)))
    @APIResponse(responseCode = "400", description = "Invalid fields (each named in `errors`), or malformed JSON.",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(ref = ApiDocs.PROBLEM),
                    examples = @ExampleObject(name = "invalid fields", value = INVALID)))
    @APIResponse(responseCode = "403", description = "The caller attends the event but does not organise it.",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(ref = ApiDocs.PROBLEM),
                    examples = @ExampleObject(name = "attendee", value = NOT_ORGANISER)))
    @APIResponse(responseCode = "404", description = "No such event, or the caller neither organises nor attends it.",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(ref = ApiDocs.PROBLEM),
                    examples = @ExampleObject(name = "unknown", value = NOT_FOUND)))
    public CalendarEventView update(@Parameter(description = "The event's id", example = "7") @PathParam("id") long id,
                                    @Valid @NotNull CalendarEventRequest request) {
        return CalendarEventView.of(events.update(id, caller.userId(), request));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Cancel a calendar event",
            description = "Any authenticated user, but only the event's organiser succeeds (403 for an attendee). "
                    + "After the change commits, the attendees get `calendar_event_deleted`.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", description = "The caller attends the event but does not organise it.",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(ref = ApiDocs.PROBLEM),
                    examples = @ExampleObject(name = "attendee", value = NOT_ORGANISER)))
    @APIResponse(responseCode = "404", description = "No such event, or the caller neither organises nor attends it.",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(ref = ApiDocs.PROBLEM),
                    examples = @ExampleObject(name = "unknown", value = NOT_FOUND)))
    public Response delete(@Parameter(description = "The event's id", example = "7") @PathParam("id") long id) {
        events.delete(id, caller.userId());
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
