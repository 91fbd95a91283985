package io.herald.dev;

import io.herald.security.DevTokens;
import io.herald.sse.entity.UserIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/dev/token}: a token for a demo user, so the demo page works without an identity
 * provider. It answers 404 unless {@code herald.dev.enabled=true} (the README's run command sets
 * it; nothing else does), and signs with the build's generated development key. Its API description
 * is in {@code META-INF/openapi.yaml} (path {@code /api/dev/token}).
 */
@Path("dev/token")
@ApplicationScoped
@Tag(name = "Development")
public class DevTokenResource {

    private static final System.Logger LOG = System.getLogger(DevTokenResource.class.getName());
    private static final Set<String> ROLES = Set.of("user", "publisher", "admin");
    private static final Duration LIFETIME = Duration.ofMinutes(15);

    /** A demo login: the user and the roles wanted. */
    public record DevLogin(@Schema(description = "A user id: 1 to 128 letters, digits or . _ - @ : | +") String user,
                           @Schema(description = "Any of user, publisher, admin; default [user]") List<String> roles) {
    }

    @Inject
    @ConfigProperty(name = "herald.dev.enabled", defaultValue = "false")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "herald.dev.signing-key", defaultValue = "target/dev-keys/private-key.pem")
    String signingKey;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer", defaultValue = "https://herald.local/dev")
    String issuer;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Mint a demo token (development only)")
    @APIResponse(responseCode = "200", description = "A signed token")
    @APIResponse(responseCode = "400", ref = "BadDevLogin")
    @APIResponse(responseCode = "404", ref = "DevTokensOff")
    public Map<String, Object> token(DevLogin login) throws Exception {
        if (!enabled) {
            throw new NotFoundException("No such resource");
        }
        if (login == null || login.user() == null || !UserIds.isValid(login.user())) {
            throw new BadRequestException("user must be a user id: " + UserIds.RULE);
        }
        List<String> roles = login.roles() == null || login.roles().isEmpty() ? List.of("user") : login.roles();
        if (!ROLES.containsAll(roles)) {
            throw new BadRequestException("roles are user, publisher and admin");
        }
        String token = DevTokens.fromPem(java.nio.file.Path.of(signingKey), issuer).mint(login.user(), roles, LIFETIME);
        LOG.log(Level.INFO, "Development token issued for {0} with roles {1}", login.user(), roles);
        return Map.of("token", token, "user", login.user(), "roles", roles, "expiresInSeconds", LIFETIME.toSeconds());
    }
}
