/** The values of the SSE feature: the event on the wire, its audience, the CDI event and connection views. */
package io.herald.sse.entity;
