/** A real single-node Kafka broker (KRaft) in the process, for the demo, local work and integration tests. */
package io.ddestream.streaming.broker;
