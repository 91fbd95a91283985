package io.herald.cluster.control;

import io.herald.sse.control.EventLog;
import io.herald.sse.control.Fanout;
import io.herald.sse.control.Frame;
import io.herald.sse.control.SseConfig;
import io.herald.sse.entity.EventLogUnavailableException;
import io.herald.sse.entity.SerializedPayload;
import io.herald.sse.entity.SseEventPublished;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The event log of a cluster: one Kafka topic that every node writes and every node reads whole.
 * <ul>
 * <li>Partitions are keyed by user id. A user's events and the broadcasts all go to the user's
 * partition (a broadcast is written once to each partition, an event for several users once to each
 * of their partitions, the recipients in a header), so each stream is one ordered partition and an
 * id is a position in it: {@code <epoch>.<partition>.<offset>}, the epoch being the topic's id, so a
 * recreated topic is noticed.</li>
 * <li>Each node reads every partition with one plain consumer: {@code assign()} and explicit seeks, no
 * consumer group and no commits. (Liberty's {@code mpReactiveMessaging} Kafka connector always
 * subscribes with a group and cannot seek, so it could not replay from a client's position.) The
 * publishing node delivers through its own consumer like every other, so every client sees one
 * order.</li>
 * <li>Each partition's newest frames stay in memory ({@link PartitionTail}), so most resumes cost
 * nothing; an older position is read from Kafka with {@code auto.offset.reset=none}, so a position that
 * retention removed becomes {@code resync_required}, never a silent jump.</li>
 * </ul>
 */
@ApplicationScoped
public class KafkaEventLog implements EventLog {

    private static final System.Logger LOG = System.getLogger(KafkaEventLog.class.getName());
    static final String TYPE = "herald-type";
    static final String TIMESTAMP = "herald-ts";
    static final String RECIPIENTS = "herald-to";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration LINK_CHECK = Duration.ofSeconds(2);
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    /** A resume that Kafka cannot serve within this gets resync_required rather than holding the connect. */
    private static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    KafkaSettings settings;

    @Inject
    SseConfig sseConfig;

    @Inject
    Fanout fanout;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    private volatile boolean started;
    private volatile boolean running;
    private String epoch;
    private int partitions;
    private KafkaProducer<String, byte[]> producer;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread reader;
    private PartitionTail[] tails;
    /** The last offset of each partition this node handed to {@link Fanout}. */
    private AtomicLongArray delivered;
    private volatile boolean linkUp;
    /** Link checks that timed out in a row; touched by the reader thread only. */
    private int failedChecks;
    private volatile Instant linkChanged = Instant.now();
    /** One attempt to connect at a time; see {@link #start()}. */
    private final ReentrantLock connecting = new ReentrantLock();
    /** When the last attempt to connect failed, or null. */
    private volatile Instant lastFailedStart;
    /** How long one attempt to connect may wait for each of Kafka's answers. */
    Duration connectTimeout = Duration.ofSeconds(15);
    /** Attempts to connect since start (for tests). */
    final AtomicInteger connectAttempts = new AtomicInteger();
    private final AtomicLong lag = new AtomicLong();
    private final LongAdder publishFailures = new LongAdder();
    private final LongAdder replayReads = new LongAdder();

    @Override
    public boolean active() {
        return settings.bootstrapServers().isPresent();
    }

    @Override
    public String toString() {
        return "Kafka topic " + settings.topic() + " at " + settings.bootstrapServers().orElse("-")
                + (started ? ", " + partitions + " partitions, epoch " + epoch : "");
    }

    /**
     * Connects on first use: the topic (created when missing), the producer, and this node's reader.
     * While Kafka cannot be reached, one caller tries again at most every {@link #RETRY_AFTER}, and
     * every other caller is refused at once (a 503 for a connect or a publish): an attempt can take 15 s
     * or more, and callers that waited for it in turn would each hold a request thread, and a connect's
     * place under the limits, for as long.
     */
    public void start() {
        if (started) {
            return;
        }
        refuseWithinRetryAfter();
        if (lastFailedStart == null) {
            connecting.lock(); // the first attempt, at application start: waiting for it is short when Kafka is up
        } else if (!connecting.tryLock()) {
            throw unreachable();
        }
        try {
            if (started) {
                return;
            }
            refuseWithinRetryAfter(); // the attempt this caller waited for has just failed
            try {
                connect();
            } catch (EventLogUnavailableException e) {
                lastFailedStart = Instant.now();
                throw e;
            }
        } finally {
            connecting.unlock();
        }
    }

    private void refuseWithinRetryAfter() {
        Instant failed = lastFailedStart;
        if (failed != null && Instant.now().isBefore(failed.plus(RETRY_AFTER))) {
            throw unreachable();
        }
    }

    private EventLogUnavailableException unreachable() {
        return new EventLogUnavailableException("Kafka cannot be reached; try again shortly", RETRY_AFTER);
    }

    private void connect() {
        connectAttempts.incrementAndGet();
        int connectMillis = (int) connectTimeout.toMillis();
        try (Admin admin = Admin.create(clientProperties(Map.of("default.api.timeout.ms", connectMillis,
                "request.timeout.ms", Math.min(5_000, connectMillis))))) {
            TopicDescription topic = describeOrCreate(admin);
            partitions = topic.partitions().size();
            epoch = topic.topicId().toString();
            if (partitions != settings.partitions()) {
                LOG.log(Level.WARNING, "Topic {0} has {1} partitions, not the {2} configured: using {1}",
                        settings.topic(), partitions, settings.partitions());
            }
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Kafka at {0} cannot be reached: {1}", settings.bootstrapServers().orElse(""), e.toString());
            throw unreachable();
        }
        try {
            openClients();
        } catch (RuntimeException e) {
            // The broker went away between the topic's check and the clients' first positions.
            LOG.log(Level.WARNING, "Kafka at {0} cannot be reached: {1}", settings.bootstrapServers().orElse(""), e.toString());
            closeClients();
            throw unreachable();
        }
        linkUp = true;
        running = true;
        reader = threads.newThread(this::read);
        reader.setName("herald-kafka-reader");
        reader.start();
        started = true;
        LOG.log(Level.INFO, "Event log: {0}", this);
    }

    private void openClients() {
        int timeout = (int) Math.min(Integer.MAX_VALUE, settings.publishTimeout().toMillis());
        producer = new KafkaProducer<>(clientProperties(Map.of(
                "acks", "all",
                "enable.idempotence", "true",
                "linger.ms", 0,
                "max.block.ms", timeout,
                "request.timeout.ms", timeout,
                "delivery.timeout.ms", timeout)), new StringSerializer(), new ByteArraySerializer());
        consumer = new KafkaConsumer<>(readerProperties(), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> all = topicPartitions();
        consumer.assign(all);
        consumer.seekToEnd(all);
        delivered = new AtomicLongArray(partitions);
        tails = new PartitionTail[partitions];
        long perPartition = Math.max(1 << 20, sseConfig.historyMaxTotalBytes() / partitions);
        for (TopicPartition partition : all) {
            long next = consumer.position(partition, connectTimeout);
            delivered.set(partition.partition(), next - 1);
            tails[partition.partition()] = new PartitionTail(perPartition, next);
        }
    }

    private void closeClients() {
        if (consumer != null) {
            consumer.close(Duration.ZERO);
            consumer = null;
        }
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    private TopicDescription describeOrCreate(Admin admin) throws Exception {
        try {
            NewTopic topic = new NewTopic(settings.topic(), settings.partitions(), (short) 1)
                    .configs(Map.of("retention.ms", Long.toString(settings.retention().toMillis())));
            admin.createTopics(List.of(topic)).all().get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.log(Level.INFO, "Created topic {0} with {1} partitions, retention {2}", settings.topic(),
                    settings.partitions(), settings.retention());
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        return admin.describeTopics(List.of(settings.topic())).allTopicNames().get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .get(settings.topic());
    }

    private Properties clientProperties(Map<String, Object> own) {
        Properties properties = new Properties();
        properties.putAll(settings.clientProperties());
        properties.put("bootstrap.servers", settings.bootstrapServers().orElseThrow());
        properties.putAll(own);
        return properties;
    }

    private Properties readerProperties() {
        return clientProperties(Map.of(
                "enable.auto.commit", "false",
                "auto.offset.reset", "none",
                "max.poll.records", 2000,
                "fetch.max.wait.ms", 100,
                "default.api.timeout.ms", 5_000,
                "request.timeout.ms", 5_000));
    }

    private List<TopicPartition> topicPartitions() {
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            all.add(new TopicPartition(settings.topic(), p));
        }
        return all;
    }

    /** The node's one reader: every record of every partition, in order, to the tail and then to the streams. */
    private void read() {
        long nextLinkCheck = 0;
        while (running) {
            try {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    int partition = record.partition();
                    for (Frame frame : frames(record)) {
                        tails[partition].append(frame);
                        // A broadcast has a copy in every partition: each copy is for its partition's users.
                        fanout.deliver(frame, user -> partitionOf(user) == partition);
                    }
                    delivered.set(record.partition(), record.offset());
                }
                if (System.nanoTime() > nextLinkCheck) {
                    checkLink();
                    nextLinkCheck = System.nanoTime() + LINK_CHECK.toNanos();
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                // The broker is down or slow: keep the streams, keep trying; delivery resumes by itself.
                link(false, e);
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    private void checkLink() {
        try {
            Map<TopicPartition, Long> ends = consumer.endOffsets(topicPartitions(), LINK_CHECK);
            long behind = 0;
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                behind += Math.max(0, end.getValue() - 1 - delivered.get(end.getKey().partition()));
            }
            lag.set(behind);
            link(true, null);
            failedChecks = 0;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            // Twice in a row, so that one slow answer on a busy machine does not refuse publishes.
            if (++failedChecks >= 2) {
                link(false, e);
            }
        }
    }

    private void link(boolean up, Exception cause) {
        if (linkUp != up) {
            linkUp = up;
            linkChanged = Instant.now();
            if (up) {
                LOG.log(Level.INFO, "Kafka is reachable again; delivery goes on");
            } else {
                LOG.log(Level.WARNING, "Kafka cannot be reached ({0}); streams stay open, publishes are refused",
                        String.valueOf(cause));
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<Frame> frames(ConsumerRecord<String, byte[]> record) {
        String type = header(record, TYPE);
        Instant timestamp = Instant.parse(header(record, TIMESTAMP));
        String data = new String(record.value(), StandardCharsets.UTF_8);
        String id = id(record.partition(), record.offset());
        String to = header(record, RECIPIENTS);
        if (to == null) {
            return List.of(Frame.at(id, record.offset(), type, data, null, timestamp));
        }
        List<Frame> frames = new ArrayList<>();
        for (String userId : to.split(",")) {
            frames.add(Frame.at(id, record.offset(), type, data, userId, timestamp));
        }
        return frames;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    String id(int partition, long offset) {
        return epoch + "." + partition + "." + offset;
    }

    int partitionOf(String userId) {
        return Utils.toPositive(Utils.murmur2(userId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /**
     * Writes the event (once per partition it concerns) and waits for the broker's acknowledgement, at
     * most {@code herald.kafka.publish-timeout}: a publish answered 202 is in Kafka. While the broker
     * cannot be reached it is refused at once, so no business thread waits for it.
     */
    @Override
    public void append(SseEventPublished published, SerializedPayload data) {
        start();
        if (!linkUp) {
            publishFailures.increment();
            throw new EventLogUnavailableException("Kafka cannot be reached since " + linkChanged + "; publish again shortly",
                    RETRY_AFTER);
        }
        byte[] value = data.json().getBytes(StandardCharsets.UTF_8);
        Map<Integer, List<String>> byPartition = new TreeMap<>();
        if (published.audience().broadcast()) {
            for (int p = 0; p < partitions; p++) {
                byPartition.put(p, null);
            }
        } else {
            for (String userId : published.audience().userIds()) {
                byPartition.computeIfAbsent(partitionOf(userId), p -> new ArrayList<>()).add(userId);
            }
        }
        List<Future<?>> sent = new ArrayList<>();
        try {
            for (Map.Entry<Integer, List<String>> entry : byPartition.entrySet()) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(settings.topic(), entry.getKey(), null, value);
                record.headers().add(TYPE, published.type().getBytes(StandardCharsets.UTF_8));
                record.headers().add(TIMESTAMP, published.timestamp().toString().getBytes(StandardCharsets.UTF_8));
                if (entry.getValue() != null) {
                    record.headers().add(RECIPIENTS, String.join(",", entry.getValue()).getBytes(StandardCharsets.UTF_8));
                }
                sent.add(producer.send(record));
            }
            long deadline = System.nanoTime() + settings.publishTimeout().toNanos();
            for (Future<?> future : sent) {
                future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refused(published, e);
        } catch (Exception e) {
            throw refused(published, e);
        }
    }

    private EventLogUnavailableException refused(SseEventPublished published, Exception cause) {
        publishFailures.increment();
        LOG.log(Level.WARNING, "Kafka did not take event {0} within {1}: {2}", published.type(), settings.publishTimeout(), cause.toString());
        return new EventLogUnavailableException("Kafka did not take the event within " + settings.publishTimeout()
                + "; publish again shortly", RETRY_AFTER);
    }

    @Override
    public String head(String userId) {
        start();
        int partition = partitionOf(userId);
        return id(partition, delivered.get(partition));
    }

    /** The id as this log writes it, if it names a partition of this topic (this epoch). */
    @Override
    public String canonical(String lastEventId) {
        Position position = parse(lastEventId);
        return position == null ? null : id(position.partition(), position.offset());
    }

    private record Position(int partition, long offset) {
    }

    private Position parse(String lastEventId) {
        start();
        String[] parts = lastEventId.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(epoch)) {
            return null;
        }
        try {
            int partition = Integer.parseInt(parts[1]);
            long offset = Long.parseLong(parts[2]);
            if (partition < 0 || partition >= partitions || offset < -1 || !parts[1].matches("\\d+")
                    || !parts[2].matches("-1|\\d+")) {
                return null;
            }
            return new Position(partition, offset);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public Replay since(String userId, String lastEventId) {
        Position position = parse(lastEventId);
        if (position == null || position.partition() != partitionOf(userId)) {
            return Replay.unknown();
        }
        int partition = position.partition();
        long after = position.offset();
        PartitionTail tail = tails[partition];
        long from = tail.from();
        if (after + 1 >= from) {
            return new Replay(tail.after(after, userId), true, null, after);
        }
        return fromKafka(userId, partition, after, from);
    }

    /** Reads {@code partition} from just after {@code after} up to where the tail takes over, keeping the user's frames. */
    private Replay fromKafka(String userId, int partition, long after, long upTo) {
        replayReads.increment();
        TopicPartition topicPartition = new TopicPartition(settings.topic(), partition);
        List<Frame> frames = new ArrayList<>();
        boolean complete;
        try (KafkaConsumer<String, byte[]> replay = new KafkaConsumer<>(readerProperties(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            replay.assign(List.of(topicPartition));
            long beginning = replay.beginningOffsets(List.of(topicPartition)).get(topicPartition);
            // Past retention the client is told, and still gets what Kafka has: never a silent jump.
            complete = after + 1 >= beginning;
            long position = Math.max(after + 1, beginning);
            replay.seek(topicPartition, position);
            long read = 0;
            long deadline = System.nanoTime() + REPLAY_TIMEOUT.toNanos();
            while (position < upTo) {
                if (read > settings.replayMaxRecords()) {
                    return new Replay(frames, false, "more events were missed than a resume reads", after);
                }
                if (System.nanoTime() > deadline) {
                    return new Replay(frames, false, "the event log cannot be read now", after);
                }
                var records = replay.poll(Duration.ofMillis(500));
                if (records.isEmpty() && replay.position(topicPartition) >= upTo) {
                    break;
                }
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (record.offset() >= upTo) {
                        break;
                    }
                    read++;
                    for (Frame frame : frames(record)) {
                        if (frame.userId() == null || frame.userId().equals(userId)) {
                            frames.add(frame);
                        }
                    }
                }
                position = replay.position(topicPartition);
            }
        } catch (org.apache.kafka.clients.consumer.OffsetOutOfRangeException e) {
            return new Replay(tails[partition].after(after, userId), false, "events after this id are no longer kept", after);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Replay of partition {0} from Kafka failed: {1}", partition, e.toString());
            return new Replay(tails[partition].after(after, userId), false, "the event log cannot be read now", after);
        }
        frames.addAll(tails[partition].after(Math.max(after, upTo - 1), userId));
        return new Replay(frames, complete, complete ? null : "events after this id are no longer kept", after);
    }

    @Override
    public void prune(Instant now) {
        if (!started) {
            return;
        }
        Instant oldest = now.minus(sseConfig.historyMaxAge());
        for (PartitionTail tail : tails) {
            tail.dropOlderThan(oldest);
        }
    }

    @Override
    public Size size() {
        if (!started) {
            return new Size(0, 0, 0);
        }
        long events = 0;
        long bytes = 0;
        for (PartitionTail tail : tails) {
            events += tail.count();
            bytes += tail.bytes();
        }
        return new Size(partitions, events, bytes);
    }

    @Override
    public long maxBytes() {
        return sseConfig.historyMaxTotalBytes();
    }

    @Override
    public Map<String, Long> evicted() {
        long evicted = 0;
        if (started) {
            for (PartitionTail tail : tails) {
                evicted += tail.evicted();
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("budget", evicted);
        return counts;
    }

    public boolean linkUp() {
        return started && linkUp;
    }

    public Instant linkChanged() {
        return linkChanged;
    }

    /** Records behind the partitions' ends, summed, at the last check (every 2 s). */
    public long lag() {
        return lag.get();
    }

    public long publishFailures() {
        return publishFailures.sum();
    }

    public long replayReads() {
        return replayReads.sum();
    }

    public boolean started() {
        return started;
    }

    /** Whether an attempt to connect is under way (for tests). */
    boolean connecting() {
        return connecting.isLocked();
    }

    @PreDestroy
    void stop() {
        if (!started) {
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(1));
        producer.close(Duration.ofSeconds(1));
    }
}
