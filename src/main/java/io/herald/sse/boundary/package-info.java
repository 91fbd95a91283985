/** What the outside world calls: the SSE resource, the session cookie exchange, the Java API and the timers. */
package io.herald.sse.boundary;
