/**
 * The SSE feature: connections, delivery and the publish API. It imports nothing from business
 * modules, so any module can use it by injecting {@link io.herald.sse.boundary.SseService} or firing
 * {@link io.herald.sse.entity.SseEventPublished}.
 */
package io.herald.sse;
