package io.herald.sse.entity;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What an administrator sees of one open connection. */
public record ConnectionInfo(@Schema(description = "The connection's id, for DELETE /api/sse/connections/{id}") String id,
                             @Schema(description = "Whose stream it is") String userId,
                             @Schema(description = "When it was opened") Instant connectedAt,
                             @Schema(description = "When it last sent something other than a heartbeat") Instant lastActivity,
                             @Schema(description = "Events written to it") long eventsSent,
                             @Schema(description = "Live events waiting to be written") int queued,
                             @Schema(description = "The client's address") String remoteAddress,
                             @Schema(description = "The client's User-Agent") String userAgent,
                             @Schema(description = "The type filter it asked for; absent for all types") String types) {
}
