package io.herald.sse.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void readsShortAndIsoForms() {
        assertEquals(Duration.ofMillis(500), Durations.parse("k", "500ms"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("k", "30s"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("k", " 30 S "));
        assertEquals(Duration.ofMinutes(30), Durations.parse("k", "30m"));
        assertEquals(Duration.ofHours(2), Durations.parse("k", "2h"));
        assertEquals(Duration.ofSeconds(45), Durations.parse("k", "PT45S"));
    }

    @Test
    void rejectsNonsenseNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("herald.x", "soon"));
        assertTrue(e.getMessage().contains("herald.x"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("k", "0s"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("k", "-PT1S"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("k", null));
    }
}
