package io.herald.sse.control;

import io.herald.sse.entity.PayloadTooLargeException;
import io.herald.sse.entity.SerializedPayload;
import java.nio.charset.StandardCharsets;

/** Writes event data as JSON once, and refuses it past the size limit. */
public final class Payloads {

    private Payloads() {
    }

    /** The data as JSON, reusing it if it is a {@link SerializedPayload} already. */
    public static SerializedPayload serialise(Object data, int maxBytes) {
        if (data instanceof SerializedPayload serialized) {
            // Already checked by SseService in the usual case: a UTF-8 character is at most 3 bytes, so
            // only a text near the limit is encoded again to count its bytes.
            String json = serialized.json();
            int size = (long) json.length() * 3 <= maxBytes ? json.length() : json.getBytes(StandardCharsets.UTF_8).length;
            return check(serialized, size, maxBytes);
        }
        byte[] json = Frame.serialiseToBytes(data);
        return check(new SerializedPayload(new String(json, StandardCharsets.UTF_8)), json.length, maxBytes);
    }

    private static SerializedPayload check(SerializedPayload payload, int size, int maxBytes) {
        if (size > maxBytes) {
            throw new PayloadTooLargeException(size, maxBytes);
        }
        return payload;
    }
}
