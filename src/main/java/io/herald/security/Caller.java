package io.herald.security;

import io.herald.sse.entity.UserIds;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAuthorizedException;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The authenticated caller of the current request. The user id is the token's principal name as
 * MicroProfile JWT defines it: {@code upn}, else {@code preferred_username}, else {@code sub}.
 * Liberty authenticates by {@code sub} alone (see server.xml), so the chain is applied here.
 */
@RequestScoped
public class Caller {

    @Inject
    JsonWebToken jwt;

    public String userId() {
        for (Claims claim : new Claims[] {Claims.upn, Claims.preferred_username, Claims.sub}) {
            Object value = jwt.getClaim(claim.name());
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
        return jwt;
    }
}
