package io.herald.sse.boundary;

import io.herald.HeraldApplication;
import io.herald.security.Caller;
import io.herald.sse.control.CloseReason;
import io.herald.sse.control.ConnectionRegistry;
import io.herald.sse.control.SinkOutlet;
import io.herald.sse.control.SseConfig;
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

/**
 * The SSE endpoints. Every caller is authenticated by a JWT (web.xml protects {@code /api/*}); the
 * user id always comes from the token, never from a parameter.
 */
@Path("sse")
@RequestScoped
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
    public void connect(@Context SseEventSink sink, @QueryParam("types") String types,
                        @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventIdHeader,
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
        registry.open(new ConnectionRegistry.Request(userId, filter, lastEventId,
                        expiresAt > 0 ? Instant.ofEpochSecond(expiresAt) : null,
                        request.getRemoteAddr(), request.getHeader("User-Agent")),
                new SinkOutlet(sink, sse, config.writeTimeout()));
    }

    /** The caller's own connection status. */
    @GET
    @Path("status")
    @Produces(MediaType.APPLICATION_JSON)
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
    public List<ConnectionInfo> connections() {
        return service.getActiveConnections();
    }

    /** Counts for operators: connections, sinks not yet closed (equal when nothing leaks), history size. */
    @GET
    @Path("stats")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(HeraldApplication.ADMIN)
    public Map<String, Object> stats() {
        return service.getStatistics();
    }

    /** Closes one connection; the client's EventSource will reconnect by itself. */
    @DELETE
    @Path("connections/{id}")
    @RolesAllowed(HeraldApplication.ADMIN)
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
    public Response publish(@HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength, PublishRequest request) {
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
