package io.herald.platform;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.System.Logger.Level;

/** Turns every standard JAX-RS exception into a problem body, keeping its status and headers. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    private static final System.Logger LOG = System.getLogger(WebApplicationExceptionMapper.class.getName());

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        int status = original.getStatus();
        String detail = status == 403 && exception instanceof ForbiddenException
                && "Unauthorized".equals(exception.getMessage())
                // RESTEasy's @RolesAllowed refusal says only "Unauthorized", which reads like a 401.
                ? Problem.FORBIDDEN_DETAIL
                : withoutImplementationCode(exception.getMessage());
        if (status >= 500) {
            LOG.log(Level.ERROR, "Request failed with " + status, exception);
        } else if (status == 400 || status == 413 || status == 429) {
            LOG.log(Level.INFO, "Rejected request: {0} {1}", status, detail);
        } else {
            LOG.log(Level.DEBUG, "Request refused: {0} {1}", status, detail);
        }
        Response.ResponseBuilder response = Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(original.getStatusInfo(), detail));
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                values.forEach(value -> response.header(name, value));
            }
        });
        return response.build();
    }

    // RESTEasy prefixes its own messages with a code such as "RESTEASY003210: "; clients need only the sentence.
    private static String withoutImplementationCode(String message) {
        return message == null ? null : message.replaceFirst("^RESTEASY\\d+: ", "");
    }
}
