package io.herald.platform;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.System.Logger.Level;
import java.util.Comparator;
import java.util.List;

/** Bean Validation failures of a request: 400, naming each invalid field as it is written in the body. */
@Provider
public class InvalidInputMapper implements ExceptionMapper<ConstraintViolationException> {

    private static final System.Logger LOG = System.getLogger(InvalidInputMapper.class.getName());

    @Override
    public Response toResponse(ConstraintViolationException exception) {
        List<Problem.FieldError> errors = exception.getConstraintViolations().stream()
                .map(violation -> new Problem.FieldError(field(violation), violation.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(e -> e.field() + " " + e.message())
                .reduce((a, b) -> a + "; " + b).orElse("Invalid request");
        LOG.log(Level.INFO, "Rejected request: {0}", detail);
        return Problem.of(Response.Status.BAD_REQUEST, detail).withErrors(errors).toResponse();
    }

    /** The path below the method parameter: {@code title}, {@code attendees[1]}, or {@code body}. */
    static String field(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        boolean inBody = false;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PARAMETER) {
                inBody = true;
            } else if (inBody || node.getKind() == ElementKind.PROPERTY) {
                if (node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                    field.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
                } else if (node.getName() != null) {
                    field.append(field.length() == 0 ? "" : ".").append(node.getName());
                }
            }
        }
        return field.length() == 0 ? "body" : field.toString();
    }
}
