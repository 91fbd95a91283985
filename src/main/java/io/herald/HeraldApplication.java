package io.herald;

import io.herald.platform.ApiDocs;
import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Herald's REST API lives under {@code /api}; callers authenticate with a MicroProfile JWT whose
 * {@code groups} claim carries the roles below. The OpenAPI document ({@code /openapi}) merges the
 * annotations on the resources with {@code META-INF/openapi.yaml}, which holds the event catalogue.
 */
@ApplicationPath("/api")
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({HeraldApplication.ADMIN, HeraldApplication.PUBLISHER, HeraldApplication.USER})
@OpenAPIDefinition(
        info = @Info(title = "Herald", version = "0.1.0",
                description = "Real-time notifications over Server-Sent Events. A client opens its stream with "
                        + "`GET /api/sse/connect` and receives one JSON event per `data:` line (the `SseEvent` "
                        + "schema; every event type and its `data` are listed by the `SseEventType` schema and by "
                        + "the examples of that operation). Producers outside the JVM publish with "
                        + "`POST /api/sse/publish`.\n\n"
                        + "Every call needs a MicroProfile JWT as a bearer token; roles come from its `groups` "
                        + "claim: `user`, `publisher` (may publish), `admin` (may publish, list and close "
                        + "connections). The user id is the token's `upn`, else `preferred_username`, else `sub`, "
                        + "never a parameter. Every error is an RFC 9457 `application/problem+json` body."),
        tags = {
                @Tag(name = "Stream", description = "The event stream, its browser session and the caller's status"),
                @Tag(name = "Publishing", description = "Sending events to users from outside the JVM"),
                @Tag(name = "Administration", description = "Open connections and counters, for administrators"),
                @Tag(name = "Calendar", description = "Calendar events whose attendees are notified of each change"),
                @Tag(name = "Development", description = "Demo tokens; 404 unless herald.dev.enabled=true")},
        components = @Components(securitySchemes = {
                @SecurityScheme(securitySchemeName = ApiDocs.BEARER, type = SecuritySchemeType.HTTP,
                        scheme = "bearer", bearerFormat = "JWT",
                        description = "A MicroProfile JWT signed by the trusted issuer; roles in `groups`."),
                @SecurityScheme(securitySchemeName = ApiDocs.STREAM_COOKIE, type = SecuritySchemeType.APIKEY,
                        in = SecuritySchemeIn.COOKIE, apiKeyName = "herald_token",
                        description = "The HttpOnly cookie `POST /api/sse/session` sets for browsers, whose "
                                + "`EventSource` cannot send a header. Its path is the stream's, so only "
                                + "`GET /api/sse/connect` accepts it.")}))
public class HeraldApplication extends Application {
    public static final String ADMIN = "admin";
    public static final String PUBLISHER = "publisher";
    public static final String USER = "user";
}
