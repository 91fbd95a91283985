package io.herald.sse.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The payload of the {@code data:} line: the spec's event structure as one line of JSON. */
class FrameTest {

    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.678Z");

    @Test
    void userEventCarriesTypeDataUserIdAndIsoTimestampInOrder() {
        Frame frame = Frame.control("42", "task_assigned", Map.of("task", "T-1"), "alice", AT);
        assertEquals("{\"type\":\"task_assigned\",\"data\":{\"task\":\"T-1\"},\"userId\":\"alice\","
                + "\"timestamp\":\"2026-01-02T03:04:05.678Z\"}", frame.json());
        assertEquals("42", frame.id());
        assertFalse(frame.isHeartbeat());
    }

    @Test
    void broadcastLeavesUserIdOut() {
        Frame frame = Frame.control("43", "system_notification", Map.of("message", "hi"), null, AT);
        assertFalse(frame.json().contains("userId"), frame.json());
    }

    @Test
    void lineBreaksInDataStayInsideOneLine() {
        Frame frame = Frame.control("44", "chat_message", Map.of("text", "one\ntwo\r\nthree"), "bob", AT);
        assertFalse(frame.json().contains("\n"));
        assertFalse(frame.json().contains("\r"));
        assertTrue(frame.json().contains("one\\ntwo\\r\\nthree"));
    }

    @Test
    void heartbeatHasNoId() {
        Frame heartbeat = Frame.control(null, "heartbeat", Map.of(), null, AT);
        assertNull(heartbeat.id());
        assertTrue(heartbeat.isHeartbeat());
        assertFalse(heartbeat.json().contains("\"id\""));
    }

    @Test
    void recordsAndTimesInDataAreSerialisedToo() {
        record Meeting(String title, Instant start) { }
        Frame frame = Frame.control("45", "calendar_event_created",
                new Meeting("Standup", AT), "carol", AT);
        assertTrue(frame.json().contains("\"data\":{\"title\":\"Standup\",\"start\":\"2026-01-02T03:04:05.678Z\"}"), frame.json());
    }

    @Test
    void nullsInsideAProducersDataAreKept() {
        java.util.Map<String, Object> data = new java.util.HashMap<>();
        data.put("deletedAt", null);
        Frame frame = Frame.control("46", "employee_updated", data, "dan", AT);
        assertTrue(frame.json().contains("\"data\":{\"deletedAt\":null}"), frame.json());
    }

    @Test
    void aFrameWeighsItsBytesOnTheWire() {
        Frame latin = Frame.of("1", "t", "\"" + "é".repeat(1000) + "\"", null, java.time.Instant.EPOCH);
        Frame wide = Frame.of("1", "t", "\"" + "€".repeat(1000) + "\"", null, java.time.Instant.EPOCH);
        assertEquals(latin.json().length(), wide.json().length());
        // é is two bytes in UTF-8, € three: the frame keeps its JSON once, as UTF-8.
        assertEquals(1000, wide.weight() - latin.weight());
        assertEquals(latin.wire().length + Frame.OVERHEAD_BYTES, latin.weight());
    }

    @Test
    void theWireFormIsOneSseEventAndTheJsonReadsBackWhole() {
        Frame frame = Frame.of("7", "chat_message", "{\"text\":\"€ and 😀\"}", "bob", AT).withReconnectDelay(1500);
        String wire = new String(frame.wire(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("id: 7\nretry: 1500\ndata: " + frame.json() + "\n\n", wire);
        assertEquals("{\"text\":\"€ and 😀\"}", frame.dataJson());
        assertTrue(frame.json().startsWith("{\"type\":\"chat_message\",\"data\":{"), frame.json());
        assertTrue(frame.json().endsWith("\"userId\":\"bob\",\"timestamp\":\"2026-01-02T03:04:05.678Z\"}"), frame.json());
        assertEquals(":\n\n", new String(Frame.PROBE.wire(), java.nio.charset.StandardCharsets.UTF_8));
        Frame heartbeat = Frame.control(null, "heartbeat", java.util.Map.of(), null, AT);
        assertTrue(new String(heartbeat.wire(), java.nio.charset.StandardCharsets.UTF_8).startsWith("data: {"));
    }
}
