package io.herald.security;

import io.herald.sse.entity.UserIds;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The authenticated caller of a request. The user id is the token's principal name as MicroProfile JWT
 * defines it: {@code upn}, else {@code preferred_username}, else {@code sub}. Liberty authenticates by
 * {@code sub} alone (see server.xml), so the chain is applied here.
 *
 * <p>Taken from the request's principal, which MicroProfile JWT makes the verified {@link JsonWebToken},
 * rather than injected as a request-scoped bean: a stream's request lasts as long as the stream, and Weld
 * keeps every request-scoped bean of it (the caller and the token bean, with their creational contexts)
 * until the stream ends; resolving them was 5 % of a connect's CPU (BENCHMARKS.md, "Issue 13").
 */
public final class Caller {

    private final JsonWebToken token;

    private Caller(JsonWebToken token) {
        this.token = token;
    }

    public static Caller of(SecurityContext security) {
        return of(security.getUserPrincipal());
    }

    public static Caller of(Principal principal) {
        if (principal instanceof JsonWebToken token) {
            return new Caller(token);
        }
        throw new NotAuthorizedException("A bearer token is required", "Bearer");
    }

    public String userId() {
        for (Claims claim : new Claims[] {Claims.upn, Claims.preferred_username, Claims.sub}) {
            Object value = token.getClaim(claim.name());
            if (value != null && !value.toString().isBlank()) {
                String userId = value.toString();
                if (!UserIds.isValid(userId)) {
                    throw new NotAuthorizedException("The token's " + claim.name() + " is not a user id Herald accepts ("
                            + UserIds.RULE + ")", "Bearer");
                }
                return userId;
            }
        }
        throw new NotAuthorizedException("The token names no user (upn, preferred_username or sub)", "Bearer");
    }

    public JsonWebToken token() {
        return token;
    }
}
