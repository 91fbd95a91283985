package io.herald.platform;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem body. {@code type} is a stable identifier a client may switch on; it is a
 * URN rather than a link because Herald publishes no pages per error. {@code errors}, an extension
 * member, names each invalid field of a request body (absent otherwise).
 */
public record Problem(URI type, String title, int status, String detail, List<FieldError> errors) {

    /** One invalid field: its path in the request body ({@code attendees[1]}) and what is wrong. */
    public record FieldError(String field, String message) {
    }

    public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");
    /** The detail of every 403, whoever refuses: Liberty's security or a {@code @RolesAllowed}. */
    public static final String FORBIDDEN_DETAIL = "The token does not grant the role this needs";

    public static Problem of(Response.StatusType status, String detail) {
        String slug = status.getReasonPhrase().toLowerCase().replaceAll("[^a-z0-9]+", "-");
        return new Problem(URI.create("urn:herald:problem:" + slug), status.getReasonPhrase(),
                status.getStatusCode(), detail, null);
    }

    public static Problem of(int status, String detail) {
        Response.StatusType type = Response.Status.fromStatusCode(status);
        if (type == null) {
            type = new Response.StatusType() {
                public int getStatusCode() { return status; }
                public Response.Status.Family getFamily() { return Response.Status.Family.familyOf(status); }
                public String getReasonPhrase() { return "HTTP " + status; }
            };
        }
        return of(type, detail);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, List.copyOf(fieldErrors));
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
