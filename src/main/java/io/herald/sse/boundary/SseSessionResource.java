package io.herald.sse.boundary;

import io.herald.platform.ApiDocs;
import io.herald.security.Caller;
import io.herald.sse.control.SseConfig;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Lets a browser open the stream: {@code EventSource} cannot send an Authorization header, so the
 * page exchanges its bearer token for an HttpOnly cookie that only {@code /api/sse/connect} receives
 * (its path is the stream's, whatever the context root) and that expires with the token. The token never appears in a URL.
 * Its API description is in {@code META-INF/openapi.yaml} (path {@code /api/sse/session}).
 */
@Path("sse/session")
@RequestScoped
@Tag(name = "Stream")
@SecurityRequirement(name = ApiDocs.BEARER)
@APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
public class SseSessionResource {

    public static final String COOKIE_NAME = "herald_token";

    @Inject
    SseConfig config;

    @Context
    UriInfo uri;

    @Context
    SecurityContext security;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Trade the bearer token for the stream cookie")
    @APIResponse(responseCode = "200", description = "The cookie is set.")
    public Response open() {
        Caller caller = Caller.of(security);
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
    @Operation(summary = "Clear the stream cookie")
    @APIResponse(responseCode = "204", description = "The cookie is cleared.")
    public Response close() {
        return Response.noContent().cookie(cookie("", 0)).build();
    }

    private NewCookie cookie(String value, int maxAge) {
        // SameSite=Strict by default: the cookie never rides on a request another site starts. A page on
        // another site needs SameSite=None, which browsers take only with Secure.
        NewCookie.SameSite sameSite = NewCookie.SameSite.valueOf(config.cookieSameSite().toUpperCase(Locale.ROOT));
        return new NewCookie.Builder(COOKIE_NAME)
                .value(value)
                .path(uri.getBaseUri().getPath() + "sse/connect")
                .maxAge(maxAge)
                .httpOnly(true)
                .secure(sameSite == NewCookie.SameSite.NONE || "https".equalsIgnoreCase(uri.getRequestUri().getScheme()))
                .sameSite(sameSite)
                .build();
    }
}
