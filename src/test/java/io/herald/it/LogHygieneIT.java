package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The log lines name connections and users, never a token or a cookie value: after good and bad
 * tokens, through the header and the cookie, neither messages.log nor console.log (what a log
 * pipeline reads) holds any of their signatures, and each refused token is still reported. Not
 * checked, and documented in the README: trace.log and the FFDC files, where Liberty writes the
 * messages server.xml hides, which quote a token whose signature is bad.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LogHygieneIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.herald("herald-logs");
    }

    @ArquillianResource
    URL base;

    @Test
    void noTokenOrCookieValueReachesTheLogs() throws Exception {
        Herald herald = new Herald(base);
        String user = Herald.unique("logs");
        String good = Tokens.mint(user, "user");
        List<String> tokens = List.of(good, Tokens.expired(user), Tokens.signedWithAnotherKey(user),
                Tokens.fromAnotherIssuer(user));
        for (String token : tokens) {
            Http.get(herald.api("sse/status"), token);
        }
        HttpResponse<String> session = Http.send(Http.request(herald.api("sse/session"), good)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, session.statusCode());
        String cookie = session.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        try (SseClient stream = SseClient.connect(herald.api("sse/connect"), "Cookie", cookie)) {
            assertEquals(200, stream.status());
            stream.await("connection_established", Herald.WAIT);
        }
        try (SseClient refused = SseClient.connect(herald.api("sse/connect"),
                "Cookie", "herald_token=" + Tokens.signedWithAnotherKey(user))) {
            assertEquals(401, refused.status());
        }

        Path logs = Path.of(System.getProperty("herald.wlpHome"), "usr", "servers", "defaultServer", "logs");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(logs)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().matches("(messages|console).*\\.log")).toList();
        }
        assertTrue(files.stream().anyMatch(file -> file.getFileName().toString().equals("messages.log")), files.toString());
        for (Path file : files) {
            String text = read(file);
            if (file.getFileName().toString().equals("messages.log")) {
                assertTrue(text.contains(user), "the user id is logged, so the search below looks in the right place");
                assertTrue(text.contains("Refused the bearer token of a request to"), "refused tokens are reported");
                assertTrue(text.contains("Refused the cookie token of a request to"), "refused cookies are reported");
            }
            for (String token : tokens) {
                String signature = token.substring(token.lastIndexOf('.') + 1);
                assertFalse(text.contains(signature), file + " holds a token signature");
            }
        }
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
