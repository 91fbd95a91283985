import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A single-node Apache Kafka broker in KRaft mode (broker and controller in one process), run from
 * the Kafka jars on Maven Central, for development and for the cluster integration tests. The
 * build runs it (exec-maven-plugin, profile {@code kafka}) as a source file with those jars on the
 * class path, so it needs nothing but Java 17 and Maven and never reaches the WAR.
 *
 * <pre>
 * run   [options] [key=value ...]   format the storage if needed, then serve in the foreground
 * start [options] [key=value ...]   the same in a JVM of its own, in the background; returns when a client can talk to it
 * stop  [--dir DIR]                 SIGTERM to the broker that start left in DIR, and wait until it is gone
 *
 * --port N           client port on 127.0.0.1 (9092); the controller listens on N+1 (--controller-port)
 * --dir DIR          working folder (target/kafka): data/, server.properties, broker.log, broker.pid
 * --cluster-id ID    a 22-character base64 Kafka id, fixed by default so that a formatted folder stays valid
 * --retention-ms N   broker-wide log.retention.ms (24 h)
 * --partitions N     num.partitions for a topic created without a count (1)
 * --clean            delete DIR/data first (the integration tests start from nothing)
 * --jvm-opts "..."   JVM options of the background broker ("-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1":
 *                    C1 only starts it in 7 s instead of 11 s on two busy cores, and with 25 MB less)
 * --timeout-s N      how long start waits for the broker (60)
 * key=value          any other broker setting, written into server.properties last
 * </pre>
 */
public class KafkaBroker {

    /** base64url of "herald-kafka-dev": any valid id would do, a fixed one keeps a formatted folder usable. */
    static final String DEFAULT_CLUSTER_ID = "aGVyYWxkLWthZmthLWRldg";
    /** A system property of the background broker: how stop tells it from another process that got its pid. */
    static final String MARKER = "herald.kafka.broker";
    static final String DEFAULT_JVM_OPTS = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !List.of("run", "start", "stop").contains(args[0])) {
            System.err.println("usage: KafkaBroker run|start|stop [--port N] [--dir DIR] [--cluster-id ID] "
                    + "[--retention-ms N] [--partitions N] [--clean] [key=value ...]");
            System.exit(2);
        }
        Options options = Options.parse(Arrays.copyOfRange(args, 1, args.length));
        // Before the first logger exists: Kafka logs through log4j2, configured from the file beside this one.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", self().resolveSibling("kafka-log4j2.properties").toString());
        }
        switch (args[0]) {
            case "run" -> run(options);
            case "start" -> System.exit(start(options));
            default -> System.exit(stop(options.dir, options.timeoutSeconds));
        }
    }

    /** Foreground: format if needed, then hand over to Kafka's own main, whose shutdown hook stops the broker on SIGTERM. */
    static void run(Options options) throws Exception {
        Path properties = prepare(options);
        System.out.printf("Kafka broker: 127.0.0.1:%d, cluster %s, data in %s%n",
                options.port, options.clusterId, options.data().toAbsolutePath());
        kafka.Kafka.main(new String[] {properties.toString()});
    }

    /** Background: the same run in a JVM of its own; returns 0 once a client can talk to it. */
    static int start(Options options) throws Exception {
        Files.createDirectories(options.dir);
        if (readPid(options.dir).flatMap(KafkaBroker::ours).isPresent()) {
            System.out.println("Kafka broker: one is still running from " + options.dir + ", stopping it first");
            stop(options.dir, options.timeoutSeconds);
        }
        if (portTaken(options.port)) {
            System.err.printf("Kafka broker: port %d is taken by another process%n", options.port);
            return 1;
        }
        long began = System.nanoTime();
        Path properties = prepare(options);
        Path log = options.dir.resolve("broker.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // First, so that stop finds it even where the OS cuts a long command line short (Linux: 4 kB).
        command.add("-D" + MARKER + "=" + options.dir.toAbsolutePath());
        command.addAll(Arrays.asList(options.jvmOptions.trim().split("\\s+")));
        command.add("-Dlog4j2.configurationFile=" + System.getProperty("log4j2.configurationFile"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        // Kafka's own main, not this file again: saves the child compiling it (seconds on a busy machine).
        command.add("kafka.Kafka");
        command.add(properties.toString());
        // Output to a file and no stdin: the broker must not hold the pipes of the Maven that started it.
        Process broker = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(log.toFile())
                .redirectErrorStream(true)
                .start();
        Files.writeString(options.dir.resolve("broker.pid"), Long.toString(broker.pid()));
        try {
            awaitReady(broker, options.port, options.timeoutSeconds);
        } catch (TimeoutException | IllegalStateException e) {
            System.err.println("Kafka broker: " + e.getMessage() + "; the end of " + log + ":");
            tail(log, 40).forEach(System.err::println);
            broker.destroy();
            broker.waitFor(options.timeoutSeconds, TimeUnit.SECONDS);
            Files.deleteIfExists(options.dir.resolve("broker.pid"));
            return 1;
        }
        System.out.printf("Kafka broker: ready on 127.0.0.1:%d after %d ms, pid %d, RSS %s, log %s%n",
                options.port, (System.nanoTime() - began) / 1_000_000, broker.pid(), rss(broker.pid()), log);
        return 0;
    }

    static int stop(Path dir, int timeoutSeconds) throws Exception {
        Path pidFile = dir.resolve("broker.pid");
        Optional<ProcessHandle> broker = readPid(dir).flatMap(KafkaBroker::ours);
        if (broker.isEmpty()) {
            Files.deleteIfExists(pidFile);
            System.out.println("Kafka broker: none running from " + dir);
            return 0;
        }
        long began = System.nanoTime();
        broker.get().destroy(); // SIGTERM: Kafka's shutdown hook closes the logs cleanly
        try {
            broker.get().onExit().get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            System.err.printf("Kafka broker: pid %d still there after %d s, killing it%n", broker.get().pid(), timeoutSeconds);
            broker.get().destroyForcibly();
            broker.get().onExit().get(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(pidFile);
        System.out.printf("Kafka broker: pid %d stopped after %d ms%n", broker.get().pid(), (System.nanoTime() - began) / 1_000_000);
        return 0;
    }

    /** Writes server.properties and formats DIR/data unless it holds a formatted log already. */
    static Path prepare(Options options) throws IOException {
        if (options.clean) {
            deleteTree(options.data());
        }
        Files.createDirectories(options.data());
        Path file = options.dir.resolve("server.properties");
        Properties settings = new Properties();
        settings.putAll(options.brokerSettings());
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            settings.store(out, "written by src/build/KafkaBroker.java on every start");
        }
        Path meta = options.data().resolve("meta.properties");
        if (Files.exists(meta)) {
            Properties formatted = new Properties();
            try (var in = Files.newBufferedReader(meta)) {
                formatted.load(in);
            }
            if (!options.clusterId.equals(formatted.getProperty("cluster.id"))) {
                throw new IllegalStateException(options.data() + " belongs to cluster " + formatted.getProperty("cluster.id")
                        + ", not " + options.clusterId + ": pass that --cluster-id, or --clean to start over");
            }
            return file;
        }
        // --standalone: this node is the only voter of a dynamic (KIP-853) quorum, as in Kafka's quickstart.
        int code = kafka.tools.StorageTool.execute(new String[] {
                "format", "--config", file.toString(), "--cluster-id", options.clusterId, "--standalone"}, System.out);
        if (code != 0) {
            throw new IllegalStateException("kafka-storage format failed with " + code);
        }
        return file;
    }

    static void awaitReady(Process broker, int port, int timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        // The port answers before the broker serves requests; then ask it what a client would.
        while (!portTaken(port)) {
            checkAlive(broker, deadline);
            Thread.sleep(100);
        }
        Map<String, Object> config = Map.of(
                "bootstrap.servers", "127.0.0.1:" + port,
                "request.timeout.ms", 2000,
                "default.api.timeout.ms", 3000);
        try (var admin = org.apache.kafka.clients.admin.Admin.create(config)) {
            while (true) {
                checkAlive(broker, deadline);
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    Thread.sleep(200);
                }
            }
        }
    }

    static void checkAlive(Process broker, long deadline) throws TimeoutException {
        if (!broker.isAlive()) {
            throw new IllegalStateException("the broker exited with " + broker.exitValue());
        }
        if (System.nanoTime() > deadline) {
            throw new TimeoutException("not ready in time");
        }
    }

    static boolean portTaken(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static Optional<Long> readPid(Path dir) {
        try {
            return Optional.of(Long.parseLong(Files.readString(dir.resolve("broker.pid")).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The process, if it is alive and still one of ours (a pid can be reused after a crash). */
    static Optional<ProcessHandle> ours(long pid) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains("-D" + MARKER + "=")).orElse(true));
    }

    static String rss(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:")).map(l -> l.substring(6).trim()).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    static List<String> tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(no log: " + e.getMessage() + ")");
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    static Path self() {
        return Path.of(System.getProperty("jdk.launcher.sourcefile", "src/build/KafkaBroker.java")).toAbsolutePath();
    }

    record Options(int port, int controllerPort, Path dir, String clusterId, long retentionMs, int partitions,
                   boolean clean, String jvmOptions, int timeoutSeconds, Map<String, String> extra) {

        static Options parse(String[] args) {
            Map<String, String> named = new LinkedHashMap<>();
            Map<String, String> extra = new LinkedHashMap<>();
            boolean clean = false;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--clean")) {
                    clean = true;
                } else if (arg.startsWith("--") && i + 1 < args.length) {
                    named.put(arg.substring(2), args[++i]);
                } else if (arg.contains("=") && !arg.startsWith("-")) {
                    extra.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
                } else {
                    throw new IllegalArgumentException("unknown argument: " + arg);
                }
            }
            int port = Integer.parseInt(named.getOrDefault("port", "9092"));
            return new Options(port,
                    Integer.parseInt(named.getOrDefault("controller-port", Integer.toString(port + 1))),
                    Path.of(named.getOrDefault("dir", "target/kafka")),
                    named.getOrDefault("cluster-id", DEFAULT_CLUSTER_ID),
                    Long.parseLong(named.getOrDefault("retention-ms", Long.toString(TimeUnit.HOURS.toMillis(24)))),
                    Integer.parseInt(named.getOrDefault("partitions", "1")),
                    clean,
                    named.getOrDefault("jvm-opts", DEFAULT_JVM_OPTS),
                    Integer.parseInt(named.getOrDefault("timeout-s", "60")),
                    extra);
        }

        Path data() {
            return dir.resolve("data");
        }

        /** A tiny single node: every replication factor and ISR 1, few threads, nothing created behind the tests' back. */
        Map<String, String> brokerSettings() {
            String controller = "127.0.0.1:" + controllerPort;
            Map<String, String> s = new LinkedHashMap<>();
            s.put("process.roles", "broker,controller");
            s.put("node.id", "1");
            s.put("controller.quorum.bootstrap.servers", controller);
            s.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://" + controller);
            s.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://" + controller);
            s.put("inter.broker.listener.name", "PLAINTEXT");
            s.put("controller.listener.names", "CONTROLLER");
            s.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
            s.put("log.dirs", data().toAbsolutePath().toString());
            s.put("num.partitions", Integer.toString(partitions));
            s.put("default.replication.factor", "1");
            s.put("min.insync.replicas", "1");
            s.put("offsets.topic.replication.factor", "1");
            s.put("offsets.topic.num.partitions", "4");
            s.put("transaction.state.log.replication.factor", "1");
            s.put("transaction.state.log.min.isr", "1");
            s.put("transaction.state.log.num.partitions", "4");
            s.put("share.coordinator.state.topic.replication.factor", "1");
            s.put("share.coordinator.state.topic.min.isr", "1");
            s.put("auto.create.topics.enable", "false");
            s.put("group.initial.rebalance.delay.ms", "0");
            s.put("log.retention.ms", Long.toString(retentionMs));
            s.put("log.retention.check.interval.ms", "60000");
            s.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
            // Two cores shared with Liberty and the build: Kafka's defaults (8 I/O, 10 background threads) are for a server.
            s.put("num.network.threads", "2");
            s.put("num.io.threads", "2");
            s.put("background.threads", "2");
            s.put("num.recovery.threads.per.data.dir", "1");
            s.put("log.cleaner.threads", "1");
            s.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
            s.putAll(extra);
            return s;
        }
    }
}
