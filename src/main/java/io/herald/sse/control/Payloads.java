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
            return check(serialized, serialized.json().getBytes(StandardCharsets.UTF_8).length, maxBytes);
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
