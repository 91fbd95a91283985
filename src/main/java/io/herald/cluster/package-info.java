/**
 * Herald on several nodes: Apache Kafka as the shared, durable event log, behind the {@code sse}
 * package's {@code EventLog}; active only when {@code herald.kafka.bootstrap-servers} is set.
 */
package io.herald.cluster;
