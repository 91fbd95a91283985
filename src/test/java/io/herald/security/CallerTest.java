package io.herald.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class CallerTest {

    /** A verified token's claims, as Liberty's principal gives them. */
    private record Token(Map<String, Object> claims) implements JsonWebToken {
        @Override
        public String getName() {
            return (String) claims.get("sub");
        }

        @Override
        public Set<String> getClaimNames() {
            return claims.keySet();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String name) {
            return (T) claims.get(name);
        }
    }

    @Test
    void theUserIdIsUpnThenPreferredUsernameThenSub() {
        assertEquals("alice", Caller.of(new Token(Map.of("upn", "alice", "preferred_username", "al", "sub", "1"))).userId());
        assertEquals("al", Caller.of(new Token(Map.of("upn", " ", "preferred_username", "al", "sub", "1"))).userId());
        assertEquals("u-1", Caller.of(new Token(Map.of("sub", "u-1"))).userId());
    }

    @Test
    void theTokenIsThePrincipalItself() {
        Token token = new Token(Map.of("sub", "bob"));
        assertSame(token, Caller.of(token).token());
    }

    // The refusals (no token, no usable user id: 401) need a JAX-RS runtime to build their response;
    // SecurityIT checks them in the server.
}
