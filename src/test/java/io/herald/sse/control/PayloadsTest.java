package io.herald.sse.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.herald.sse.entity.PayloadTooLargeException;
import io.herald.sse.entity.SerializedPayload;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    @Test
    void serialisesOnceAndReusesSerialisedData() {
        SerializedPayload payload = Payloads.serialise(Map.of("n", 1), 100);
        assertEquals("{\"n\":1}", payload.json());
        assertSame(payload, Payloads.serialise(payload, 100));
    }

    @Test
    void refusesDataOverTheLimitCountingUtf8Bytes() {
        PayloadTooLargeException tooLarge = assertThrows(PayloadTooLargeException.class,
                () -> Payloads.serialise(Map.of("text", "é".repeat(40)), 64));
        assertEquals(64, tooLarge.limit());
        assertEquals(91, tooLarge.size(), "each é is two bytes");
        Payloads.serialise(Map.of("text", "e".repeat(40)), 64);
        assertThrows(PayloadTooLargeException.class,
                () -> Payloads.serialise(new SerializedPayload("\"" + "é".repeat(40) + "\""), 64),
                "data serialised elsewhere is measured in bytes too");
    }
}
