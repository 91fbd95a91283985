/** The Kafka event log: the topic, the producer, the one consumer per node, the partition tails and replays. */
package io.herald.cluster.control;
