import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Checks a broker the way Herald will read it: creates a topic of 4 partitions unless it exists,
 * produces 10 records keyed by user, then reads every partition from the beginning with
 * {@code assign()} and explicit seeks (no consumer group, no commits) and finds the 10 again.
 * Prints what the topic holds in all, so a second run after a broker restart shows that the first
 * run's records survived. Exits 1 if a record is missing.
 *
 * <pre>java -cp KAFKA_CLASSPATH src/build/KafkaRoundTrip.java [bootstrap (127.0.0.1:9092)] [topic (herald.roundtrip)]</pre>
 */
public class KafkaRoundTrip {

    static final int PARTITIONS = 4;
    static final int RECORDS = 10;

    public static void main(String[] args) throws Exception {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", sibling("kafka-log4j2.properties"));
        }
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
        String topic = args.length > 1 ? args[1] : "herald.roundtrip";
        String run = UUID.randomUUID().toString().substring(0, 8);

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
                System.out.printf("created topic %s with %d partitions%n", topic, PARTITIONS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
                System.out.printf("topic %s exists already, %d partitions%n", topic, partitions);
            }
        }

        long began = System.nanoTime();
        List<RecordMetadata> sent = new ArrayList<>();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                "bootstrap.servers", bootstrap, "acks", "all"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, "user-" + i, run + "/" + i)).get());
            }
        }
        long producedAt = System.nanoTime();

        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        int found = 0;
        int total = 0;
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                "bootstrap.servers", bootstrap,
                "enable.auto.commit", false,
                "auto.offset.reset", "none"), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!caughtUp(consumer, end) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    total++;
                    if (r.value().startsWith(run + "/")) {
                        found++;
                        System.out.printf("  read p%d@%d %s=%s%n", r.partition(), r.offset(), r.key(), r.value());
                    }
                }
            }
            System.out.printf("end offsets: %s%n", end);
        }
        long readAt = System.nanoTime();
        Set<Integer> used = new java.util.TreeSet<>();
        sent.forEach(m -> used.add(m.partition()));
        System.out.printf("run %s: produced %d records to partitions %s in %d ms, read %d of them back in %d ms; "
                        + "the topic holds %d records in all%n",
                run, sent.size(), used, (producedAt - began) / 1_000_000, found, (readAt - producedAt) / 1_000_000, total);
        System.exit(found == RECORDS ? 0 : 1);
    }

    static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    static String sibling(String name) {
        return java.nio.file.Path.of(System.getProperty("jdk.launcher.sourcefile", "src/build/KafkaRoundTrip.java"))
                .toAbsolutePath().resolveSibling(name).toString();
    }
}
