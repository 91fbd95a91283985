package io.herald.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal SSE client for the tests, reading the stream as a browser's EventSource would: it
 * parses {@code id:}/{@code data:} fields into events and keeps every raw line for wire checks.
 * HTTP/1.1 only, as browsers use over plain http (Java's client would otherwise try h2c).
 */
public final class SseClient implements AutoCloseable {

    public static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event as received: its SSE fields and its parsed JSON payload. */
    public record Received(String id, String event, String data, JsonNode json) {
        public String type() {
            return json.path("type").asText();
        }
    }

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Received> pending = new LinkedBlockingQueue<>();
    private final List<Received> all = new CopyOnWriteArrayList<>();
    private final List<String> rawLines = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile boolean ended;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-test-reader");
        reader.setDaemon(true);
        if (response.statusCode() == 200) {
            reader.start();
        }
    }

    public static SseClient connect(URI uri, String bearer) {
        return connect(uri, "Authorization", "Bearer " + bearer);
    }

    /** Connects with extra request headers, given as name, value, name, value... */
    public static SseClient connect(URI uri, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(30))
                .GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return new SseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public HttpHeaders headers() {
        return response.headers();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = null;
            String line;
            while ((line = lines.readLine()) != null) {
                rawLines.add(line);
                if (line.isEmpty()) {
                    if (data != null) {
                        String text = data.toString();
                        Received received = new Received(id, event, text, JSON.readTree(text));
                        all.add(received);
                        pending.add(received);
                    }
                    id = null;
                    event = null;
                    data = null;
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    String part = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
                    data = data == null ? new StringBuilder(part) : data.append('\n').append(part);
                }
            }
        } catch (IOException e) {
            // The stream ended: the server closed it, or close() did.
        } finally {
            ended = true;
        }
    }

    /** The next event of any type, or an AssertionError after the timeout. */
    public Received next(Duration timeout) {
        try {
            Received received = pending.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (received == null) {
                throw new AssertionError("No event within " + timeout + "; received so far: " + types());
            }
            return received;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Every event up to and including the first of {@code type}; fails after the timeout. */
    public List<Received> until(String type, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Received> seen = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("No " + type + " within " + timeout + "; got " + seen.stream().map(Received::type).toList());
            }
            Received received = next(Duration.ofNanos(left));
            seen.add(received);
            if (received.type().equals(type)) {
                return seen;
            }
        }
    }

    /** The first event of {@code type}, skipping others. */
    public Received await(String type, Duration timeout) {
        List<Received> seen = until(type, timeout);
        return seen.get(seen.size() - 1);
    }

    /** Waits until the server ends the stream; false if it is still open after the timeout. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        reader.join(timeout.toMillis());
        return ended;
    }

    public List<Received> received() {
        return List.copyOf(all);
    }

    public List<String> types() {
        return all.stream().map(Received::type).toList();
    }

    public List<String> rawLines() {
        return List.copyOf(rawLines);
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // already gone
        }
    }
}
