package io.herald.sse.boundary;

import io.herald.HeraldApplication;
import io.herald.platform.ApiDocs;
import io.herald.security.Caller;
import io.herald.sse.control.CloseReason;
import io.herald.sse.control.ConnectionRegistry;
import io.herald.sse.control.SinkOutlet;
import io.herald.sse.control.SseConfig;
import io.herald.sse.control.StreamCompletions;
import io.herald.sse.control.TypeFilter;
import io.herald.sse.entity.ConnectionInfo;
import io.herald.sse.entity.ConnectionStatus;
import io.herald.sse.entity.EventTypes;
import io.herald.sse.entity.PayloadTooLargeException;
import io.herald.sse.entity.PublishRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * The SSE endpoints. Every caller is authenticated by a JWT (web.xml protects {@code /api/*}); the
 * user id always comes from the token, never from a parameter.
 */
@Path("sse")
@RequestScoped
@Tag(name = "Stream")
@SecurityRequirement(name = ApiDocs.BEARER)
@APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
public class SseResource {

    private static final int MAX_EVENT_ID_LENGTH = 64;
    /** Room for the type and the userIds around a payload at its limit. */
    private static final int PUBLISH_ENVELOPE_BYTES = 64 * 1024;

    @Inject
    Caller caller;

    @Inject
    SseService service;

    @Inject
    ConnectionRegistry registry;

    @Inject
    SseConfig config;

    @Inject
    StreamCompletions completions;

    @Context
    Sse sse;

    /**
     * Opens the caller's event stream. {@code types} keeps only matching event types. A reconnecting
     * {@code EventSource} sends {@code Last-Event-ID} by itself; a fresh one may pass {@code lastEventId}
     * instead. The stream ends when the token expires.
     */
    @GET
    @Path("connect")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Open the caller's event stream",
            description = "Any authenticated user (no role needed), by bearer token or by the `herald_token` cookie "
                    + "from `POST /api/sse/session` (browsers). The stream sends frames `id: <increasing number>` and "
                    + "`data: <one line of JSON>` (the `SseEvent` schema) and no `event:` field: switch on `type`. "
                    + "It starts with `connection_established`, then with a last event id `resync_required` when the "
                    + "history cannot cover the gap and every missed event it can; a `heartbeat` (without `id:`) "
                    + "comes every `heartbeatIntervalSeconds`; `token_expired` ends it when the token expires and "
                    + "`server_shutdown` (with `retry:`) when the server stops. Every event type, with its `data`, is "
                    + "in the `SseEventType` schema and in the examples below. The response has "
                    + "`Cache-Control: no-cache` and `X-Accel-Buffering: no` and is never compressed.")
    @SecurityRequirement(name = ApiDocs.BEARER)
    @SecurityRequirement(name = ApiDocs.STREAM_COOKIE)
    @APIResponse(responseCode = "200", description = "The event stream; it stays open until the token expires, "
            + "the client leaves, an administrator closes it, or the server stops.",
            headers = {
                    @Header(name = "Cache-Control", description = "`no-cache`", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "X-Accel-Buffering", description = "`no`, so that nginx does not buffer the stream",
                            schema = @Schema(type = SchemaType.STRING))},
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(ref = "SseEvent"),
                    examples = {
                            @ExampleObject(name = "connection_established", ref = "connection_established"),
                            @ExampleObject(name = "heartbeat", ref = "heartbeat"),
                            @ExampleObject(name = "resync_required", ref = "resync_required"),
                            @ExampleObject(name = "token_expired", ref = "token_expired"),
                            @ExampleObject(name = "server_shutdown", ref = "server_shutdown"),
                            @ExampleObject(name = "notification", ref = "notification"),
                            @ExampleObject(name = "calendar_event_created", ref = "calendar_event_created"),
                            @ExampleObject(name = "employee_created", ref = "employee_created"),
                            @ExampleObject(name = "leave_request_approved", ref = "leave_request_approved"),
                            @ExampleObject(name = "chat_message", ref = "chat_message"),
                            @ExampleObject(name = "task_completed", ref = "task_completed"),
                            @ExampleObject(name = "project_member_added", ref = "project_member_added"),
                            @ExampleObject(name = "system_notification", ref = "system_notification"),
                            @ExampleObject(name = "dashboard_update", ref = "dashboard_update"),
                            @ExampleObject(name = "alert", ref = "alert"),
                            @ExampleObject(name = "published", ref = "published")}))
    @APIResponse(responseCode = "400", description = "A malformed `types` pattern, or a last event id over 64 characters.",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(ref = ApiDocs.PROBLEM),
                    examples = @ExampleObject(name = "bad pattern", value = "{\"type\":\"urn:herald:problem:bad-request\","
                            + "\"title\":\"Bad Request\",\"status\":400,"
                            + "\"detail\":\"types: 'chat messages' is not a type pattern (letters, digits, _ . : - and *)\"}")))
    @APIResponse(responseCode = "429", description = "The user already has `herald.sse.max-connections-per-user` "
            + "streams (10 by default); the new one is refused, the open ones keep going.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(ref = ApiDocs.PROBLEM),
                    examples = @ExampleObject(name = "too many tabs", value = "{\"type\":\"urn:herald:problem:too-many-requests\","
                            + "\"title\":\"Too Many Requests\",\"status\":429,"
                            + "\"detail\":\"User alice already has 10 connections\"}")))
    @APIResponse(responseCode = "503", description = "The server holds `herald.sse.max-connections` streams "
            + "(20,000 by default), or is stopping.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(ref = ApiDocs.PROBLEM),
                    examples = @ExampleObject(name = "server full", value = "{\"type\":\"urn:herald:problem:service-unavailable\","
                            + "\"title\":\"Service Unavailable\",\"status\":503,"
                            + "\"detail\":\"Herald holds its maximum of 20000 connections\"}")))
    public void connect(@Context SseEventSink sink,
                        @Parameter(description = "Comma-separated type patterns; `*` matches any run of characters "
                                + "(at most 32 patterns). Only matching events come; Herald's own events "
                                + "(connection_established, heartbeat, resync_required, token_expired, "
                                + "server_shutdown) always do.", example = "calendar_*,notification,alert")
                        @QueryParam("types") String types,
                        @Parameter(description = "The id of the last event the client received, such as "
                                + "`1795793723688000`; `EventSource` sends it by itself when it reconnects. Missed events "
                                + "are replayed before live ones.")
                        @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventIdHeader,
                        @Parameter(description = "The same for a fresh `EventSource`, which cannot set the header; "
                                + "the header wins when both are given.")
                        @QueryParam("lastEventId") String lastEventIdParameter,
                        @Context HttpServletRequest request, @Context HttpServletResponse response) {
        String userId = caller.userId();
        TypeFilter filter;
        try {
            filter = TypeFilter.parse(types);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        String lastEventId = lastEventIdHeader != null && !lastEventIdHeader.isBlank() ? lastEventIdHeader
                : lastEventIdParameter != null && !lastEventIdParameter.isBlank() ? lastEventIdParameter : null;
        if (lastEventId != null && lastEventId.length() > MAX_EVENT_ID_LENGTH) {
            throw new BadRequestException("Last-Event-ID is longer than " + MAX_EVENT_ID_LENGTH + " characters");
        }
        long expiresAt = caller.token().getExpirationTime();
        // Proxies must neither cache nor buffer the stream (nginx honours X-Accel-Buffering).
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        if (request.isAsyncStarted()) {
            // Counted until Liberty has finished the request, so that a drain can wait for it.
            request.getAsyncContext().addListener(completions.track());
        }
        registry.open(new ConnectionRegistry.Request(userId, filter, lastEventId,
                        expiresAt > 0 ? Instant.ofEpochSecond(expiresAt) : null,
                        request.getRemoteAddr(), request.getHeader("User-Agent")),
                new SinkOutlet(sink, sse, config.writeTimeout()));
    }

    /** The caller's own connection status. */
    @GET
    @Path("status")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The caller's connection status",
            description = "Any authenticated user (no role needed): whether the caller has a stream open, how many, "
                    + "and the heartbeat interval.")
    @APIResponse(responseCode = "200", description = "The caller's status",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConnectionStatus.class),
                    examples = @ExampleObject(name = "connected", value = "{\"userId\":\"alice\",\"connected\":true,"
                            + "\"connections\":2,\"heartbeatIntervalSeconds\":30,\"serverTime\":\"2026-11-27T15:35:23.075Z\"}")))
    public ConnectionStatus status() {
        String userId = caller.userId();
        int connections = registry.countFor(userId);
        return new ConnectionStatus(userId, connections > 0, connections,
                config.heartbeatInterval().toSeconds(), Instant.now());
    }

    /** Every open connection, for administrators. */
    @GET
    @Path("connections")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(HeraldApplication.ADMIN)
    @Tag(name = "Administration")
    @Operation(summary = "List every open connection",
            description = "Roles: `admin` only. Every open stream of every user, with its queue and the filter it asked for.")
    @APIResponse(responseCode = "200", description = "The open connections",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = ConnectionInfo.class),
                    examples = @ExampleObject(name = "one connection", value = "[{\"id\":\"e1db1fe8-5a0c-4a53-9d1e-3f1b2c7a9e10\","
                            + "\"userId\":\"alice\",\"connectedAt\":\"2026-11-27T15:35:23.075Z\","
                            + "\"lastActivity\":\"2026-11-27T15:36:01.410Z\",\"eventsSent\":12,\"queued\":0,"
                            + "\"remoteAddress\":\"127.0.0.1\",\"userAgent\":\"Mozilla/5.0\",\"types\":\"calendar_*,notification\"}]")))
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public List<ConnectionInfo> connections() {
        return service.getActiveConnections();
    }

    /** Counts for operators: connections, sinks not yet closed (equal when nothing leaks), history size. */
    @GET
    @Path("stats")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(HeraldApplication.ADMIN)
    @Tag(name = "Administration")
    @Operation(summary = "Connection and history counters",
            description = "Roles: `admin` only. `openSinks` equals `connections` when nothing leaks.")
    @APIResponse(responseCode = "200", description = "The counters",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ConnectionStatistics"),
                    examples = @ExampleObject(name = "idle", value = "{\"connections\":3,\"openSinks\":3,"
                            + "\"historyUsers\":2,\"historyEvents\":41,\"historyBytes\":9120}")))
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public Map<String, Object> stats() {
        return service.getStatistics();
    }

    /** Closes one connection; the client's EventSource will reconnect by itself. */
    @DELETE
    @Path("connections/{id}")
    @RolesAllowed(HeraldApplication.ADMIN)
    @Tag(name = "Administration")
    @Operation(summary = "Close one connection",
            description = "Roles: `admin` only. The client's `EventSource` reconnects by itself and resumes from its "
                    + "last event id.")
    @APIResponse(responseCode = "204", description = "Closed")
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    @APIResponse(responseCode = "404", description = "No open connection has this id.",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(ref = ApiDocs.PROBLEM),
                    examples = @ExampleObject(name = "unknown id", value = "{\"type\":\"urn:herald:problem:not-found\","
                            + "\"title\":\"Not Found\",\"status\":404,\"detail\":\"No open connection 42\"}")))
    public Response close(@Parameter(description = "The connection's `id`, from `GET /api/sse/connections` or the "
                                  + "`connectionId` of its `connection_established` event",
                                  example = "e1db1fe8-5a0c-4a53-9d1e-3f1b2c7a9e10")
                          @PathParam("id") String connectionId) {
        registry.find(connectionId)
                .orElseThrow(() -> new NotFoundException("No open connection " + connectionId))
                .close(CloseReason.CLOSED_BY_ADMIN);
        return Response.noContent().build();
    }

    /** Publishes an event for producers outside the JVM: to {@code userIds}, or to everyone without them. */
    @POST
    @Path("publish")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({HeraldApplication.ADMIN, HeraldApplication.PUBLISHER})
    @Tag(name = "Publishing")
    @Operation(summary = "Publish an event",
            description = "Roles: `admin` or `publisher`. Sends `data` as an event of `type` to the users in `userIds`, "
                    + "or to everyone connected without `userIds`. `type` is 1 to 64 letters, digits or `_ . : -` and "
                    + "not one of Herald's own (connection_established, heartbeat, resync_required, token_expired, "
                    + "server_shutdown). `data` is any JSON, at most `herald.sse.max-payload-bytes` (64 KiB). "
                    + "Unknown fields are refused.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PublishRequest.class),
            examples = {
                    @ExampleObject(name = "to one user", value = "{\"type\":\"notification\","
                            + "\"data\":{\"message\":\"Hello Alice\"},\"userIds\":[\"alice\"]}"),
                    @ExampleObject(name = "to everyone", value = "{\"type\":\"system_announcement\","
                            + "\"data\":{\"message\":\"System will be down for maintenance\"}}")}))
    @APIResponse(responseCode = "202", description = "Accepted for delivery: to `everyone`, or to the `userIds` named.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "PublishAccepted"),
                    examples = {
                            @ExampleObject(name = "to one user", value = "{\"userIds\":[\"alice\"],\"type\":\"notification\"}"),
                            @ExampleObject(name = "to everyone", value = "{\"audience\":\"everyone\",\"type\":\"system_announcement\"}")}))
    @APIResponse(responseCode = "400", description = "No body, malformed JSON, an unknown field, an empty `userIds`, "
            + "or a reserved or malformed `type`.",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(ref = ApiDocs.PROBLEM),
                    examples = {
                            @ExampleObject(name = "unknown field", value = "{\"type\":\"urn:herald:problem:bad-request\","
                                    + "\"title\":\"Bad Request\",\"status\":400,\"detail\":\"Unknown field 'userId'\"}"),
                            @ExampleObject(name = "reserved type", value = "{\"type\":\"urn:herald:problem:bad-request\","
                                    + "\"title\":\"Bad Request\",\"status\":400,"
                                    + "\"detail\":\"Event type 'heartbeat' is reserved for Herald\"}")}))
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    @APIResponse(responseCode = "413", description = "`data` is larger than `herald.sse.max-payload-bytes` as JSON "
            + "(checked from `Content-Length` first).",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(ref = ApiDocs.PROBLEM),
                    examples = @ExampleObject(name = "too large", value = "{\"type\":\"urn:herald:problem:request-entity-too-large\","
                            + "\"title\":\"Request Entity Too Large\",\"status\":413,"
                            + "\"detail\":\"Event data is 70000 bytes as JSON; the limit is 65536\"}")))
    public Response publish(@Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
                            PublishRequest request) {
        if (contentLength != null && contentLength > config.maxPayloadBytes() + PUBLISH_ENVELOPE_BYTES) {
            throw new PayloadTooLargeException((int) Math.min(Integer.MAX_VALUE, contentLength), config.maxPayloadBytes());
        }
        if (request == null) {
            throw new BadRequestException("A JSON body with at least 'type' is required");
        }
        Map<String, Object> accepted = new LinkedHashMap<>();
        try {
            EventTypes.requirePublishable(request.type());
            if (request.userIds() == null) {
                service.sendToAll(request.type(), request.data());
                accepted.put("audience", "everyone");
            } else {
                if (request.userIds().isEmpty()) {
                    throw new IllegalArgumentException("userIds must name at least one user; leave it out to publish to everyone");
                }
                service.sendToUsers(request.userIds(), request.type(), request.data());
                accepted.put("userIds", request.userIds());
            }
        } catch (PayloadTooLargeException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        accepted.put("type", request.type());
        return Response.accepted(accepted).build();
    }
}
