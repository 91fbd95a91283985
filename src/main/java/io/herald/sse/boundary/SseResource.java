package io.herald.sse.boundary;

import io.herald.HeraldApplication;
import io.herald.platform.ApiDocs;
import io.herald.security.Caller;
import io.herald.sse.control.CloseReason;
import io.herald.sse.control.Connection;
import io.herald.sse.control.ConnectionRegistry;
import io.herald.sse.control.Outlet;
import io.herald.sse.control.ServletOutlet;
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
import jakarta.enterprise.context.ApplicationScoped;
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
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The SSE endpoints. Every caller is authenticated by a JWT (web.xml protects {@code /api/*}); the
 * user id always comes from the token, never from a parameter. The annotations give each operation's
 * summary and response codes; its description, parameters, examples and problems are in
 * {@code META-INF/openapi.yaml} (paths {@code /api/sse/...}, components/responses).
 *
 * <p>One instance serves every request: it holds nothing of a request (the caller, the request and the
 * response come from method parameters), and a request-scoped resource cost Weld a bean, its injections
 * and a creational context on every connect and publish (BENCHMARKS.md, "Issue 13").
 */
@Path("sse")
@ApplicationScoped
@Tag(name = "Stream")
@SecurityRequirement(name = ApiDocs.BEARER)
@APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
public class SseResource {

    private static final int MAX_EVENT_ID_LENGTH = 64;
    /** Room for the type and the userIds around a payload at its limit. */
    private static final int PUBLISH_ENVELOPE_BYTES = 64 * 1024;

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
    @Operation(summary = "Open the caller's event stream")
    @SecurityRequirement(name = ApiDocs.BEARER)
    @SecurityRequirement(name = ApiDocs.STREAM_COOKIE)
    @APIResponse(responseCode = "200", description = "The event stream; it stays open until the token expires, "
            + "the client leaves, an administrator closes it, or the server stops.")
    @APIResponse(responseCode = "400", ref = "BadStreamRequest")
    @APIResponse(responseCode = "429", ref = "TooManyStreamsForUser")
    @APIResponse(responseCode = "503", ref = "StreamsUnavailable")
    public void connect(@Context SseEventSink sink,
                        @QueryParam("types") String types,
                        @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventIdHeader,
                        @QueryParam("lastEventId") String lastEventIdParameter,
                        @Context HttpServletRequest request, @Context HttpServletResponse response) throws IOException {
        Caller caller = Caller.of(request.getUserPrincipal());
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
        Outlet outlet = "sink".equals(config.outlet()) ? new SinkOutlet(sink, sse, config.writeTimeout())
                : new ServletOutlet(request, config.writeTimeout(), config.releaseResponseBuffers());
        Connection connection = registry.open(new ConnectionRegistry.Request(userId, filter, lastEventId,
                        expiresAt > 0 ? Instant.ofEpochSecond(expiresAt) : null,
                        request.getRemoteAddr(), request.getHeader("User-Agent")), outlet);
        if (outlet.startsLater()) {
            StreamStartFilter.startAfterDispatch(request, connection);
        }
    }

    /** The caller's own connection status. */
    @GET
    @Path("status")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The caller's connection status")
    @APIResponse(responseCode = "200", description = "The caller's status")
    public ConnectionStatus status(@Context SecurityContext security) {
        String userId = Caller.of(security).userId();
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
    @Operation(summary = "List every open connection")
    @APIResponse(responseCode = "200", description = "The open connections")
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
    @Operation(summary = "Connection and history counters")
    @APIResponse(responseCode = "200", description = "The counters")
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public Map<String, Object> stats() {
        return service.getStatistics();
    }

    /** Closes one connection; the client's EventSource will reconnect by itself. */
    @DELETE
    @Path("connections/{id}")
    @RolesAllowed(HeraldApplication.ADMIN)
    @Tag(name = "Administration")
    @Operation(summary = "Close one connection")
    @APIResponse(responseCode = "204", description = "Closed")
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = "UnknownConnection")
    public Response close(@PathParam("id") String connectionId) {
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
    @Operation(summary = "Publish an event")
    @APIResponse(responseCode = "202", description = "Accepted for delivery: to `everyone`, or to the `userIds` named.")
    @APIResponse(responseCode = "400", ref = "BadPublishRequest")
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
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
