package io.herald.sse.boundary;

import io.herald.platform.Problem;
import io.herald.sse.entity.EventLogUnavailableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.System.Logger.Level;

/** The event log (a cluster's broker) cannot take an event now: 503 with {@code Retry-After}, within seconds. */
@Provider
public class EventLogUnavailableMapper implements ExceptionMapper<EventLogUnavailableException> {

    private static final System.Logger LOG = System.getLogger(EventLogUnavailableMapper.class.getName());

    @Override
    public Response toResponse(EventLogUnavailableException exception) {
        LOG.log(Level.WARNING, "Refused a publish: {0}", exception.getMessage());
        return Response.fromResponse(Problem.of(Response.Status.SERVICE_UNAVAILABLE, exception.getMessage()).toResponse())
                .header(HttpHeaders.RETRY_AFTER, Math.max(1, exception.retryAfter().toSeconds()))
                .build();
    }
}
