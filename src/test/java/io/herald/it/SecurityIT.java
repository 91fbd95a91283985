package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.it.SseClient.Received;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Who may do what: the 401/403 matrix, the user id from the token, and the browser's cookie path. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SecurityIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.herald("herald-security");
    }

    @ArquillianResource
    URL base;

    private Herald herald;

    @BeforeEach
    void setUp() {
        herald = new Herald(base);
    }



    @ParameterizedTest
    @ValueSource(strings = {"sse/connect", "sse/status", "sse/connections"})
    void withoutATokenEveryEndpointIs401(String path) {
        HttpResponse<String> response = Http.get(herald.api(path), null);
        assertEquals(401, response.statusCode());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("urn:herald:problem:unauthorized", Http.json(response).path("type").asText());
    }

    @Test
    void expiredWrongKeyWrongIssuerAndGarbageTokensAre401() {
        String user = Herald.unique("mallory");
        for (String token : List.of(Tokens.expired(user), Tokens.signedWithAnotherKey(user),
                Tokens.fromAnotherIssuer(user), "not-a-jwt")) {
            assertEquals(401, Http.get(herald.api("sse/status"), token).statusCode(), token);
            assertEquals(401, Http.get(herald.api("sse/connect"), token).statusCode(), token);
        }
    }

    @Test
    void aTrustedTokenWhoseUserIdHeraldCannotKeyIs401() {
        for (String user : List.of("u".repeat(129), "alice smith", "bob/../carol")) {
            String token = Tokens.mint(user, "user");
            for (String path : List.of("sse/status", "sse/connect")) {
                HttpResponse<String> response = Http.get(herald.api(path), token);
                assertEquals(401, response.statusCode(), user + " " + path + " -> " + response.body());
                assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
                assertTrue(Http.json(response).path("detail").asText().contains("user id"), response.body());
            }
        }
    }

    @Test
    void aPlainUserIsForbiddenFromAdminAndPublisherEndpoints() {
        String user = Tokens.mint(Herald.unique("ursula"), "user");
        assertForbidden(Http.get(herald.api("sse/connections"), user));
        assertForbidden(Http.delete(herald.api("sse/connections/some-id"), user));
        assertForbidden(Http.post(herald.api("sse/publish"), user, "{\"type\":\"x\"}"));
    }

    @Test
    void aPublisherMayPublishButNotAdminister() {
        String publisher = Tokens.mint(Herald.unique("pat"), "publisher");
        assertEquals(202, Http.post(herald.api("sse/publish"), publisher, "{\"type\":\"x\"}").statusCode());
        assertForbidden(Http.get(herald.api("sse/connections"), publisher));
    }

    private static void assertForbidden(HttpResponse<String> response) {
        assertEquals(403, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals(403, Http.json(response).path("status").asInt());
    }

    @Test
    void theUserIdComesFromTheTokenPrincipalNeverFromAParameter() {
        // upn wins over preferred_username and sub, as MicroProfile JWT defines the principal name.
        String token = Tokens.mint(Tokens.claims("subject-id", "user").claim("upn", "principal-name")
                .claim("preferred_username", "nickname").build());
        assertEquals("principal-name", Http.json(Http.get(herald.api("sse/status?userId=someone-else"), token)).path("userId").asText());

        String preferred = Tokens.mint(Tokens.claims("subject-id", "user").claim("upn", null)
                .claim("preferred_username", "nickname").build());
        assertEquals("nickname", Http.json(Http.get(herald.api("sse/status"), preferred)).path("userId").asText());

        String subjectOnly = Tokens.mint(Tokens.claims("only-sub", "user").claim("upn", null).build());
        assertEquals("only-sub", Http.json(Http.get(herald.api("sse/status"), subjectOnly)).path("userId").asText());
    }

    @Test
    void aBrowserTradesItsBearerTokenForAStreamCookie() {
        String user = Herald.unique("browser-user");
        String token = Tokens.mint(user, "user");
        HttpResponse<String> session = Http.send(Http.request(herald.api("sse/session"), token)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, session.statusCode(), session.body());
        String setCookie = session.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        String streamPath = URI.create(base.toString()).getPath() + "api/sse/connect";
        assertTrue(setCookie.contains("Path=" + streamPath), setCookie);
        int maxAge = Integer.parseInt(setCookie.replaceAll(".*Max-Age=(\\d+).*", "$1"));
        assertTrue(maxAge > 3500 && maxAge <= 3600, "the cookie expires with the token: " + maxAge);
        HttpCookie cookie = HttpCookie.parse(setCookie).get(0);
        assertEquals(token, cookie.getValue());

        try (SseClient stream = SseClient.connect(herald.api("sse/connect"), "Cookie", "herald_token=" + cookie.getValue())) {
            assertEquals(200, stream.status());
            Received established = stream.await("connection_established", WAIT);
            assertEquals(user, established.json().path("userId").asText());
        }
        // The cookie opens the stream only; anything that changes state still needs the header.
        HttpResponse<String> statusByCookie = Http.send(HttpRequest.newBuilder(herald.api("sse/status"))
                .header("Cookie", "herald_token=" + cookie.getValue()).GET());
        assertEquals(401, statusByCookie.statusCode());
    }

    @Test
    void anExpiredOrForgedCookieIs401() {
        for (String token : List.of(Tokens.expired("c"), Tokens.signedWithAnotherKey("c"))) {
            HttpResponse<String> response = Http.send(HttpRequest.newBuilder(herald.api("sse/connect"))
                    .header("Cookie", "herald_token=" + token).GET());
            assertEquals(401, response.statusCode());
        }
    }

    @Test
    void loggingOutClearsTheCookie() {
        HttpResponse<String> response = Http.delete(herald.api("sse/session"), Tokens.mint(Herald.unique("leaver"), "user"));
        assertEquals(204, response.statusCode());
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.contains("herald_token=") && setCookie.contains("Max-Age=0"), setCookie);
    }

    @Test
    void theDemoTokenEndpointDoesNotExistUnlessSwitchedOn() {
        HttpResponse<String> response = Http.post(herald.api("dev/token"), null, "{\"user\":\"alice\"}");
        assertEquals(404, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
    }
}
