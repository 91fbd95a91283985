/** Herald's Prometheus metrics: connections, events and delivery latency, through MicroProfile Metrics. */
package io.herald.metrics;
