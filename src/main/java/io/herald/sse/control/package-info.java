/** How events reach connections: the registry, per-connection queues and writers, ids, filters and the wire format. */
package io.herald.sse.control;
