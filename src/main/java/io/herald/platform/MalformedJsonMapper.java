package io.herald.platform;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.System.Logger.Level;
import java.util.stream.Collectors;

/** A request body that is not the JSON an endpoint expects is the caller's mistake: 400, naming where. */
@Provider
public class MalformedJsonMapper implements ExceptionMapper<JsonProcessingException> {

    private static final System.Logger LOG = System.getLogger(MalformedJsonMapper.class.getName());

    @Override
    public Response toResponse(JsonProcessingException exception) {
        String detail = describe(exception);
        LOG.log(Level.INFO, "Rejected request body: {0}", detail);
        return Problem.of(Response.Status.BAD_REQUEST, detail).toResponse();
    }

    // The original message may quote the payload; only the location and the field are reported.
    static String describe(JsonProcessingException exception) {
        if (exception instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + unknown.getPropertyName() + "'";
        }
        JsonParseException syntax = syntaxError(exception);
        if (syntax != null && syntax.getLocation() != null) {
            return "Malformed JSON at line " + syntax.getLocation().getLineNr()
                    + ", column " + syntax.getLocation().getColumnNr();
        }
        if (exception instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return "Invalid value for field '" + path(mapping) + "'";
        }
        return "Malformed JSON";
    }

    private static JsonParseException syntaxError(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonParseException syntax) {
                return syntax;
            }
        }
        return null;
    }

    private static String path(JsonMappingException mapping) {
        return mapping.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
