package io.herald.sse.boundary;

import io.herald.platform.Problem;
import io.herald.sse.entity.PayloadTooLargeException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.System.Logger.Level;

/** Event data over the limit: 413 with a problem body giving the size and the limit. */
@Provider
public class PayloadTooLargeMapper implements ExceptionMapper<PayloadTooLargeException> {

    private static final System.Logger LOG = System.getLogger(PayloadTooLargeMapper.class.getName());

    @Override
    public Response toResponse(PayloadTooLargeException exception) {
        LOG.log(Level.INFO, "Rejected request: {0}", exception.getMessage());
        return Problem.of(Response.Status.REQUEST_ENTITY_TOO_LARGE, exception.getMessage()).toResponse();
    }
}
