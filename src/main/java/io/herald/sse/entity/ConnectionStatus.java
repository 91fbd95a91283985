package io.herald.sse.entity;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The caller's own view: are they connected, on how many streams, and how often heartbeats come. */
public record ConnectionStatus(@Schema(description = "The caller's user id, from the token") String userId,
                               @Schema(description = "Whether the caller has at least one stream open") boolean connected,
                               @Schema(description = "How many streams the caller has open") int connections,
                               @Schema(description = "How often a heartbeat comes") long heartbeatIntervalSeconds,
                               @Schema(description = "The server's clock") Instant serverTime) {
}
