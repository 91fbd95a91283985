/** What the outside world calls: the SSE resource and the filter that starts its streams, the session cookie exchange, the Java API and the timers. */
package io.herald.sse.boundary;
