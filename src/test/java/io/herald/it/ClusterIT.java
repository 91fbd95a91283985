package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.it.SseClient.Received;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two real Liberty servers with the same WAR and configuration on one real Kafka broker (the build
 * starts it, see the pom's profile {@code kafka}), used as a third-party client would: by HTTP only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static LibertyNode nodeA;
    private static LibertyNode nodeB;
    private static Herald a;
    private static Herald b;
    private static String topic;

    @BeforeAll
    static void startCluster() {
        String bootstrap = System.getProperty("herald.kafka.bootstrap-servers", "");
        Assumptions.assumeFalse(bootstrap.isBlank(), "no Kafka broker for this run (-Dherald.kafka.test=false)");
        topic = "herald.it." + UUID.randomUUID();
        nodeA = new LibertyNode("clusterNodeA", Integer.getInteger("herald.test.nodeA.port", 9281),
                LibertyNode.environment(bootstrap, topic), RollbackProbe.class);
        nodeB = new LibertyNode("clusterNodeB", Integer.getInteger("herald.test.nodeB.port", 9282),
                LibertyNode.environment(bootstrap, topic), RollbackProbe.class);
        // One after the other: the first creates the topic.
        nodeA.start();
        nodeB.start();
        a = new Herald(nodeA.base());
        b = new Herald(nodeB.base());
    }

    @AfterAll
    static void stopCluster() {
        if (nodeA != null) {
            nodeA.stop();
        }
        if (nodeB != null) {
            nodeB.stop();
        }
    }

    private static String toUser(String user, String type, String text) {
        return "{\"type\":\"" + type + "\",\"data\":{\"text\":\"" + text + "\"},\"userIds\":[\"" + user + "\"]}";
    }

    private static List<String> texts(List<Received> events, String type) {
        List<String> texts = new ArrayList<>();
        for (Received event : events) {
            if (event.type().equals(type)) {
                texts.add(event.json().path("data").path("text").asText());
            }
        }
        return texts;
    }

    @Test
    @Order(1)
    void anEventPublishedOnOneNodeReachesTheUsersStreamOnTheOtherAndNoOneElse() {
        String carol = Herald.unique("carol");
        String dave = Herald.unique("dave");
        try (SseClient carolOnB = b.stream(carol); SseClient daveOnB = b.stream(dave)) {
            a.publish(toUser(carol, "chat_message", "for carol"));
            Received received = carolOnB.await("chat_message", WAIT);
            assertEquals("for carol", received.json().path("data").path("text").asText());
            assertEquals(carol, received.json().path("userId").asText());
            // A marker for dave afterwards: when it arrives, carol's event would have come before it.
            a.publish(toUser(dave, "marker", "end"));
            List<Received> daves = daveOnB.until("marker", WAIT);
            assertTrue(texts(daves, "chat_message").isEmpty(), "dave never sees carol's event: " + daves);
        }
    }

    @Test
    @Order(2)
    void aBroadcastReachesClientsOnBothNodesExactlyOnce() {
        String erin = Herald.unique("erin");
        String frank = Herald.unique("frank");
        try (SseClient erinOnA = a.stream(erin); SseClient frankOnB = b.stream(frank)) {
            String tag = UUID.randomUUID().toString();
            b.publish("{\"type\":\"system_notification\",\"data\":{\"text\":\"" + tag + "\"}}");
            a.publish("{\"type\":\"marker\",\"data\":{\"text\":\"end\"}}");
            for (SseClient client : List.of(erinOnA, frankOnB)) {
                List<Received> events = client.until("marker", WAIT);
                assertEquals(List.of(tag), texts(events, "system_notification"), "exactly once: " + events);
            }
        }
    }

    @Test
    @Order(3)
    void aClientResumesOnTheOtherNodeWithExactlyTheEventsItMissed() {
        String gina = Herald.unique("gina");
        String lastId;
        try (SseClient onA = a.stream(gina)) {
            a.publish(toUser(gina, "task_assigned", "seen"));
            lastId = onA.await("task_assigned", WAIT).id();
        }
        for (String text : List.of("missed-1", "missed-2", "missed-3")) {
            a.publish(toUser(gina, "task_assigned", text));
        }
        try (SseClient onB = resume(b, gina, lastId)) {
            assertEquals(lastId, onB.await("connection_established", WAIT).id(), "the position is the client's own");
            List<Received> replayed = List.of(onB.next(WAIT), onB.next(WAIT), onB.next(WAIT));
            assertEquals(List.of("missed-1", "missed-2", "missed-3"), texts(replayed, "task_assigned"), "" + replayed);
            b.publish(toUser(gina, "marker", "end"));
            List<Received> rest = onB.until("marker", WAIT);
            assertTrue(texts(rest, "task_assigned").isEmpty(), "nothing twice: " + rest);
            assertFalse(onB.types().contains("resync_required"), onB.types().toString());
        }
    }

    @Test
    @Order(4)
    void aPositionFromAnotherTopicOrNodeModeGetsResync() {
        String hal = Herald.unique("hal");
        try (SseClient stream = resume(b, hal, "1795793723688000")) {
            stream.await("connection_established", WAIT);
            assertEquals("unknown event id", stream.await("resync_required", WAIT).json().path("data").path("reason").asText());
        }
    }

    @Test
    @Order(5)
    void whenANodeDiesItsClientResumesOnTheOtherWithNothingLostOrDoubled() {
        String ivy = Herald.unique("ivy");
        String lastId;
        try (SseClient onA = a.stream(ivy)) {
            a.publish(toUser(ivy, "alert", "before"));
            lastId = onA.await("alert", WAIT).id();
            nodeA.kill();
            for (String text : List.of("during-1", "during-2")) {
                b.publish(toUser(ivy, "alert", text));
            }
        }
        try (SseClient onB = resume(b, ivy, lastId)) {
            onB.await("connection_established", WAIT);
            b.publish(toUser(ivy, "marker", "end"));
            List<Received> events = onB.until("marker", WAIT);
            assertEquals(List.of("during-1", "during-2"), texts(events, "alert"), "" + events);
            assertFalse(onB.types().contains("resync_required"));
        } finally {
            nodeA.start(); // back for the tests after this one
        }
        HttpResponse<String> status = Http.get(a.api("sse/status"), Tokens.mint(ivy, "user"));
        assertEquals(200, status.statusCode());
    }

    @Test
    @Order(6)
    void aRestartedNodeStillResumesClientsFromBeforeItsRestart() {
        String jack = Herald.unique("jack");
        String lastId;
        try (SseClient onB = b.stream(jack)) {
            b.publish(toUser(jack, "chat_message", "kept"));
            lastId = onB.await("chat_message", WAIT).id();
        }
        nodeB.stop();
        a.publish(toUser(jack, "chat_message", "while B was down"));
        nodeB.start();
        try (SseClient again = resume(b, jack, lastId)) {
            again.await("connection_established", WAIT);
            Received missed = again.next(WAIT);
            assertEquals("while B was down", missed.json().path("data").path("text").asText(), again.types().toString());
            assertFalse(again.types().contains("resync_required"));
        }
    }

    @Test
    @Order(7)
    void aBrokerOutageRefusesPublishesFastKeepsStreamsOpenAndDeliveryComesBack() throws Exception {
        String kim = Herald.unique("kim");
        long broker = Long.parseLong(java.nio.file.Files.readString(
                java.nio.file.Path.of(System.getProperty("herald.kafka.dir", "target/kafka-it"), "broker.pid")).trim());
        try (SseClient onA = a.stream(kim)) {
            signal("STOP", broker); // the broker stops answering, as in a network partition or a stalled machine
            try {
                long began = System.nanoTime();
                HttpResponse<String> refused = Http.post(a.api("sse/publish"), a.admin, toUser(kim, "alert", "lost"));
                long tookMillis = (System.nanoTime() - began) / 1_000_000;
                assertEquals(503, refused.statusCode(), refused.body());
                assertTrue(refused.headers().firstValue("Retry-After").isPresent());
                assertTrue(tookMillis < 5_000, "answered in " + tookMillis + " ms, not after Kafka's 60 s");
                onA.await("heartbeat", WAIT); // the stream is still open and alive
                onA.await("heartbeat", WAIT);
            } finally {
                signal("CONT", broker);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int status = 0;
            while (status != 202 && System.nanoTime() < deadline) {
                status = Http.post(a.api("sse/publish"), a.admin, toUser(kim, "alert", "after")).statusCode();
                if (status != 202) {
                    Thread.sleep(500);
                }
            }
            assertEquals(202, status, "publishes are taken again once the broker is back, with no restart");
            // The refused event may still be in Kafka (the broker can take a request it had not answered when
            // the publish gave up): a 503 means "not known to be taken". What counts: the later one arrives.
            List<String> alerts = new ArrayList<>();
            while (!alerts.contains("after")) {
                alerts.add(onA.await("alert", WAIT).json().path("data").path("text").asText());
            }
            assertTrue(alerts.stream().allMatch(text -> text.equals("after") || text.equals("lost")), alerts.toString());
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor());
    }

    @Test
    @Order(8)
    void aPositionKafkaNoLongerHasGetsResyncNeverASilentJump() throws Exception {
        String lena = Herald.unique("lena");
        String lastId;
        try (SseClient onA = a.stream(lena)) {
            a.publish(toUser(lena, "chat_message", "old"));
            lastId = onA.await("chat_message", WAIT).id();
        }
        a.publish(toUser(lena, "chat_message", "gone too"));
        a.publish(toUser(lena, "chat_message", "kept"));
        // Retention, sped up: Kafka drops everything of lena's partition before "kept".
        String[] position = lastId.split("\\.");
        org.apache.kafka.common.TopicPartition partition =
                new org.apache.kafka.common.TopicPartition(topic, Integer.parseInt(position[1]));
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                java.util.Map.of("bootstrap.servers", System.getProperty("herald.kafka.bootstrap-servers")))) {
            long end = admin.listOffsets(java.util.Map.of(partition, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                    .partitionResult(partition).get().offset();
            admin.deleteRecords(java.util.Map.of(partition, org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(end - 1)))
                    .all().get();
        }
        // A node that restarted knows nothing of it in memory, so it must ask Kafka.
        nodeB.stop();
        nodeB.start();
        try (SseClient onB = resume(b, lena, lastId)) {
            onB.await("connection_established", WAIT);
            Received resync = onB.await("resync_required", WAIT);
            assertEquals("events after this id are no longer kept", resync.json().path("data").path("reason").asText());
            assertEquals("kept", onB.await("chat_message", WAIT).json().path("data").path("text").asText(),
                    "what Kafka still has comes after the resync");
        }
    }

    @Test
    @Order(9)
    void aRollingRestartOfBothNodesLosesNoEventOfAnAttachedClient() throws Exception {
        String mia = Herald.unique("mia");
        List<String> seen = new ArrayList<>();
        String lastId;
        try (SseClient onA = a.stream(mia)) {
            b.publish(toUser(mia, "task_assigned", "1"));
            Received first = onA.await("task_assigned", WAIT);
            seen.add(first.json().path("data").path("text").asText());
            lastId = first.id();
            nodeA.stop(); // the first node of the rolling restart: its stream ends
            assertTrue(onA.awaitEnd(WAIT), "the stream ended with its node");
        }
        b.publish(toUser(mia, "task_assigned", "2"));
        try (SseClient onB = resume(b, mia, lastId)) {
            nodeA.start();
            a.publish(toUser(mia, "task_assigned", "3"));
            lastId = collect(onB, seen, "3");
            nodeB.stop(); // the second node
        }
        a.publish(toUser(mia, "task_assigned", "4"));
        try (SseClient onA = resume(a, mia, lastId)) {
            nodeB.start();
            b.publish(toUser(mia, "task_assigned", "5"));
            collect(onA, seen, "5");
            assertFalse(onA.types().contains("resync_required"), onA.types().toString());
        }
        assertEquals(List.of("1", "2", "3", "4", "5"), seen, "each event once, in order, through both restarts");
    }

    private static SseClient resume(Herald node, String user, String lastId) {
        SseClient client = SseClient.connect(node.api("sse/connect"), "Authorization", "Bearer " + Tokens.mint(user, "user"),
                "Last-Event-ID", lastId);
        assertEquals(200, client.status());
        return client;
    }

    /** Adds each task_assigned text to {@code seen} until {@code last}; returns the last one's id. */
    private static String collect(SseClient client, List<String> seen, String last) {
        while (true) {
            Received event = client.await("task_assigned", WAIT);
            String text = event.json().path("data").path("text").asText();
            seen.add(text);
            if (text.equals(last)) {
                return event.id();
            }
        }
    }

    @Test
    @Order(10)
    void aRollbackOnOneNodeSendsNothingToAnyoneACommitReachesTheOtherNode() {
        String noor = Herald.unique("noor");
        try (SseClient onB = b.stream(noor)) {
            HttpResponse<String> rolledBack = Http.post(a.api("test/transactions/" + noor + "/rollback"), a.admin, "");
            assertEquals(204, rolledBack.statusCode(), rolledBack.body());
            HttpResponse<String> committed = Http.post(a.api("test/transactions/" + noor + "/commit"), a.admin, "");
            assertEquals(204, committed.statusCode(), committed.body());
            List<String> texts = texts(onB.until("task_assigned", WAIT), "task_assigned");
            assertEquals(List.of("committed"), texts, "the rolled-back event reached no one");
            a.publish(toUser(noor, "marker", "end"));
            assertTrue(texts(onB.until("marker", WAIT), "task_assigned").isEmpty());
        }
    }
}
