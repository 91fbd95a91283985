package io.herald.sse.entity;

import java.time.Instant;

/** What an administrator sees of one open connection. */
public record ConnectionInfo(String id, String userId, Instant connectedAt, Instant lastActivity,
                             long eventsSent, int queued, String remoteAddress, String userAgent,
                             String types) {
}
