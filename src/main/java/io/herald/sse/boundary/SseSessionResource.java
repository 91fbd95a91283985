package io.herald.sse.boundary;

import io.herald.security.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Lets a browser open the stream: {@code EventSource} cannot send an Authorization header, so the
 * page exchanges its bearer token for an HttpOnly cookie that only {@code /api/sse/connect} receives
 * (its path is the stream's, whatever the context root) and that expires with the token. The token never appears in a URL.
 */
@Path("sse/session")
@RequestScoped
public class SseSessionResource {

    public static final String COOKIE_NAME = "herald_token";

    @Inject
    Caller caller;

    @Context
    UriInfo uri;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response open() {
        JsonWebToken jwt = caller.token();
        String token = jwt.getRawToken();
        if (token == null) {
            throw new NotAuthorizedException("A bearer token is required", "Bearer");
        }
        long expiresAt = jwt.getExpirationTime();
        int maxAge = (int) Math.max(0, expiresAt - Instant.now().getEpochSecond());
        return Response.ok(Map.of("userId", caller.userId(), "expiresAt", Instant.ofEpochSecond(expiresAt)))
                .cookie(cookie(token, maxAge))
                .build();
    }

    @DELETE
    public Response close() {
        return Response.noContent().cookie(cookie("", 0)).build();
    }

    private NewCookie cookie(String value, int maxAge) {
        // SameSite=Strict: the cookie never rides on a request another site starts.
        return new NewCookie.Builder(COOKIE_NAME)
                .value(value)
                .path(uri.getBaseUri().getPath() + "sse/connect")
                .maxAge(maxAge)
                .httpOnly(true)
                .secure("https".equalsIgnoreCase(uri.getRequestUri().getScheme()))
                .sameSite(NewCookie.SameSite.STRICT)
                .build();
    }
}
