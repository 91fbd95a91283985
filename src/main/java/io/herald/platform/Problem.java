package io.herald.platform;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * An RFC 9457 problem body. {@code type} is a stable identifier a client may switch on; it is a
 * URN rather than a link because Herald publishes no pages per error.
 */
public record Problem(URI type, String title, int status, String detail) {

    public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");

    public static Problem of(Response.StatusType status, String detail) {
        String slug = status.getReasonPhrase().toLowerCase().replaceAll("[^a-z0-9]+", "-");
        return new Problem(URI.create("urn:herald:problem:" + slug), status.getReasonPhrase(),
                status.getStatusCode(), detail);
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

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
