package io.herald.sse.entity;

/** An event's data is larger than {@code herald.sse.max-payload-bytes} once written as JSON. */
public class PayloadTooLargeException extends IllegalArgumentException {

    private final int size;
    private final int limit;

    public PayloadTooLargeException(int size, int limit) {
        super("Event data is " + size + " bytes as JSON; the limit is " + limit);
        this.size = size;
        this.limit = limit;
    }

    public int size() {
        return size;
    }

    public int limit() {
        return limit;
    }
}
