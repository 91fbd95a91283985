package io.herald.sse.boundary;

import io.herald.platform.Problem;
import io.herald.sse.control.ConnectionLog;
import io.herald.sse.entity.ConnectionRefusedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A connection over a limit: 429 when the user has too many (the new one is refused, so that tabs
 * do not take turns closing each other), 503 when the server is full or stopping; both with
 * {@code Retry-After}.
 */
@Provider
@ApplicationScoped
public class ConnectionRefusedMapper implements ExceptionMapper<ConnectionRefusedException> {

    @Inject
    ConnectionLog log;

    @Override
    public Response toResponse(ConnectionRefusedException exception) {
        Response.StatusType status = exception.perUser() ? Response.Status.TOO_MANY_REQUESTS : Response.Status.SERVICE_UNAVAILABLE;
        log.refused(() -> "Refused a connection: " + exception.getMessage());
        return Response.fromResponse(Problem.of(status, exception.getMessage()).toResponse())
                .header(HttpHeaders.RETRY_AFTER, Math.max(1, exception.retryAfter().toSeconds()))
                .build();
    }
}
