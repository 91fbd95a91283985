package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Cross-origin use from a browser. The test server allows {@value #ALLOWED} (arquillian.xml sets
 * HERALD_CORS_ALLOWED_ORIGINS' variable); any other origin gets no CORS headers at all.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CorsIT {

    static final String ALLOWED = "https://app.herald.test";
    static final String OTHER = "https://evil.example";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.herald("herald-cors");
    }

    @ArquillianResource
    URL base;

    private Herald herald() {
        return new Herald(base);
    }

    private static HttpResponse<String> preflight(URI uri, String origin, String method, String headers) {
        return Http.send(HttpRequest.newBuilder(uri)
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", headers)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }

    private static List<String> list(HttpHeaders headers, String name) {
        return Arrays.stream(headers.firstValue(name).orElse("").split(","))
                .map(value -> value.trim().toLowerCase(Locale.ROOT)).toList();
    }

    @Test
    void preflightFromAnAllowedOriginPassesWithoutAToken() {
        HttpResponse<String> publish = preflight(herald().api("sse/publish"), ALLOWED, "POST", "authorization, content-type");
        assertEquals(200, publish.statusCode(), publish.body());
        HttpHeaders headers = publish.headers();
        assertEquals(ALLOWED, headers.firstValue("Access-Control-Allow-Origin").orElse(""));
        assertEquals("true", headers.firstValue("Access-Control-Allow-Credentials").orElse(""));
        assertTrue(list(headers, "Access-Control-Allow-Methods").containsAll(List.of("get", "post", "put", "delete")));
        assertTrue(list(headers, "Access-Control-Allow-Headers")
                .containsAll(List.of("authorization", "content-type", "last-event-id")), headers.map().toString());
        assertEquals("3600", headers.firstValue("Access-Control-Max-Age").orElse(""));

        HttpResponse<String> stream = preflight(herald().api("sse/connect"), ALLOWED, "GET", "authorization, last-event-id");
        assertEquals(200, stream.statusCode());
        assertEquals(ALLOWED, stream.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    }

    @Test
    void anotherOriginGetsNoCorsHeaders() {
        HttpResponse<String> refused = preflight(herald().api("sse/publish"), OTHER, "POST", "authorization, content-type");
        assertFalse(refused.headers().firstValue("Access-Control-Allow-Origin").isPresent(), refused.headers().map().toString());
        assertFalse(refused.headers().firstValue("Access-Control-Allow-Credentials").isPresent());

        HttpResponse<String> status = Http.send(Http.request(herald().api("sse/status"), Tokens.mint(Herald.unique("cors"), "user"))
                .header("Origin", OTHER).GET());
        assertEquals(200, status.statusCode());
        assertFalse(status.headers().firstValue("Access-Control-Allow-Origin").isPresent());
    }

    @Test
    void theStreamAndTheCookieExchangeAnswerAnAllowedOrigin() {
        String user = Herald.unique("cors");
        try (SseClient stream = SseClient.connect(herald().api("sse/connect"),
                "Authorization", "Bearer " + Tokens.mint(user, "user"), "Origin", ALLOWED)) {
            assertEquals(200, stream.status());
            assertEquals(ALLOWED, stream.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            assertEquals("true", stream.headers().firstValue("Access-Control-Allow-Credentials").orElse(""));
            stream.await("connection_established", Herald.WAIT);
        }
        HttpResponse<String> session = Http.send(Http.request(herald().api("sse/session"), Tokens.mint(user, "user"))
                .header("Origin", ALLOWED).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, session.statusCode(), session.body());
        assertEquals(ALLOWED, session.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertEquals("true", session.headers().firstValue("Access-Control-Allow-Credentials").orElse(""));
    }
}
