package io.herald.sse.control;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Writes frames to an HTTP client through its JAX-RS {@link SseEventSink}. */
public final class SinkOutlet implements Outlet {

    private final SseEventSink sink;
    private final Sse sse;
    private final Duration writeTimeout;

    public SinkOutlet(SseEventSink sink, Sse sse, Duration writeTimeout) {
        this.sink = sink;
        this.sse = sse;
        this.writeTimeout = writeTimeout;
    }

    @Override
    public void write(Frame frame) throws Exception {
        if (frame.isProbe()) {
            send(sse.newEventBuilder().comment("").build());
            return;
        }
        OutboundSseEvent.Builder builder = sse.newEventBuilder()
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(String.class, frame.json());
        if (frame.id() != null) {
            builder.id(frame.id());
        }
        if (frame.reconnectDelayMillis() != null) {
            builder.reconnectDelay(frame.reconnectDelayMillis());
        }
        send(builder.build());
    }

    private void send(OutboundSseEvent event) throws Exception {
        // The sink's write blocks while the socket is full; Liberty's httpOptions writeTimeout ends it.
        sink.send(event).toCompletableFuture().get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean isClosed() {
        return sink.isClosed();
    }

    @Override
    public void close() {
        sink.close();
    }
}
