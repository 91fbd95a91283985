package io.herald.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One real Liberty server running the built WAR, laid down beside the build's defaultServer (same
 * server.xml, keys and variables) under a name of its own, started and stopped with Liberty's own
 * {@code server} script: a node of a cluster for the tests that need two.
 */
final class LibertyNode implements AutoCloseable {

    private static final Set<String> SKIPPED = Set.of("logs", "workarea", "dropins", "apps", "tranlog", "temp", "data");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final List<Class<?>> probes;
    private final int port;
    private final Map<String, String> environment;
    private final Path wlp = Path.of(System.getProperty("herald.wlpHome", "target/liberty/wlp"));

    LibertyNode(String name, int port, Map<String, String> environment, Class<?>... probes) {
        this.probes = List.of(probes);
        this.name = name;
        this.port = port;
        this.environment = environment;
        if (Files.exists(dir())) {
            run("stop"); // one left running by an interrupted run would hold the port and the folder
        }
        layDown();
    }

    private Path dir() {
        return wlp.resolve("usr/servers").resolve(name);
    }

    private void layDown() {
        Path template = wlp.resolve("usr/servers/defaultServer");
        try {
            if (Files.exists(dir())) {
                try (Stream<Path> old = Files.walk(dir())) {
                    old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
            try (Stream<Path> files = Files.walk(template)) {
                for (Path source : (Iterable<Path>) files::iterator) {
                    Path relative = template.relativize(source);
                    if (relative.getNameCount() > 0 && SKIPPED.contains(relative.getName(0).toString())) {
                        continue;
                    }
                    Path target = dir().resolve(relative.toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Files.createDirectories(dir().resolve("dropins"));
            // The built WAR as it is, plus the test's own probe classes.
            org.jboss.shrinkwrap.api.spec.WebArchive war = org.jboss.shrinkwrap.api.ShrinkWrap
                    .create(org.jboss.shrinkwrap.api.spec.WebArchive.class, "herald.war")
                    .merge(org.jboss.shrinkwrap.api.ShrinkWrap.createFromZipFile(org.jboss.shrinkwrap.api.spec.WebArchive.class,
                            Path.of(System.getProperty("herald.war", "target/herald.war")).toFile()))
                    .addClasses(probes.toArray(Class<?>[]::new));
            war.as(org.jboss.shrinkwrap.api.exporter.ZipExporter.class).exportTo(dir().resolve("dropins/herald.war").toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URL base() {
        try {
            return URI.create("http://localhost:" + port + "/").toURL(); // the WAR's ibm-web-ext.xml: context root /
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the server and waits until {@code /health/ready} says UP. */
    void start() {
        run("start");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (ready()) {
                return;
            }
            sleep(250);
        }
        throw new AssertionError(name + " did not become ready within 180 s; see " + dir().resolve("logs/messages.log"));
    }

    boolean ready() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops the server as an operator would ({@code server stop}). */
    void stop() {
        run("stop");
    }

    /** Kills the server's JVM at once (SIGKILL), as a crashed node or a lost machine. */
    void kill() {
        try {
            long pid = Long.parseLong(Files.readString(wlp.resolve("usr/servers/.pid").resolve(name + ".pid")).trim());
            ProcessHandle.of(pid).ifPresent(process -> {
                process.destroyForcibly();
                process.onExit().join();
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void run(String command) {
        ProcessBuilder builder = new ProcessBuilder(List.of(wlp.resolve("bin/server").toString(), command, name))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(wlp.resolve("usr/servers").resolve(name + "-commands.log").toFile()));
        Map<String, String> env = builder.environment();
        env.putAll(environment);
        env.put("HERALD_HTTP_PORT", Integer.toString(port));
        env.put("HERALD_HTTPS_PORT", Integer.toString(port + 363));
        try {
            // Not its exit code: 'server start' gives up waiting for the server's word after a while on a busy
            // machine while the server goes on starting; start() waits for /health/ready instead.
            builder.start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    static Map<String, String> environment(String bootstrap, String topic) {
        Map<String, String> env = new HashMap<>();
        env.put("HERALD_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("HERALD_KAFKA_TOPIC", topic);
        env.put("HERALD_KAFKA_PARTITIONS", "4");
        env.put("HERALD_SSE_HEARTBEAT_INTERVAL", "1s");
        env.put("HERALD_SSE_CLEANUP_INTERVAL", "1s");
        env.put("HERALD_DB_URL", "jdbc:h2:mem:herald-cluster;DB_CLOSE_DELAY=-1");
        return env;
    }
}
