package io.herald.sse.entity;

import java.time.Instant;

/** The caller's own view: are they connected, on how many streams, and how often heartbeats come. */
public record ConnectionStatus(String userId, boolean connected, int connections,
                               long heartbeatIntervalSeconds, Instant serverTime) {
}
