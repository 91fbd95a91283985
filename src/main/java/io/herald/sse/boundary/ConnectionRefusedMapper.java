package io.herald.sse.boundary;

import io.herald.platform.Problem;
import io.herald.sse.entity.ConnectionRefusedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.System.Logger.Level;

/**
 * A connection over a limit: 429 when the user has too many (the new one is refused, so that tabs
 * do not take turns closing each other), 503 when the server is full or stopping; both with
 * {@code Retry-After}.
 */
@Provider
public class ConnectionRefusedMapper implements ExceptionMapper<ConnectionRefusedException> {

    private static final System.Logger LOG = System.getLogger(ConnectionRefusedMapper.class.getName());

    @Override
    public Response toResponse(ConnectionRefusedException exception) {
        Response.StatusType status = exception.perUser() ? Response.Status.TOO_MANY_REQUESTS : Response.Status.SERVICE_UNAVAILABLE;
        LOG.log(Level.INFO, "Refused a connection: {0}", exception.getMessage());
        return Response.fromResponse(Problem.of(status, exception.getMessage()).toResponse())
                .header(HttpHeaders.RETRY_AFTER, Math.max(1, exception.retryAfter().toSeconds()))
                .build();
    }
}
