package io.herald.platform;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.System.Logger.Level;

/** Anything unforeseen is logged with its stack trace and answered with a problem body that leaks nothing. */
@Provider
public class UnexpectedFailureMapper implements ExceptionMapper<Exception> {

    private static final System.Logger LOG = System.getLogger(UnexpectedFailureMapper.class.getName());

    @Override
    public Response toResponse(Exception exception) {
        LOG.log(Level.ERROR, "Unexpected failure", exception);
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "Herald could not complete the request").toResponse();
    }
}
