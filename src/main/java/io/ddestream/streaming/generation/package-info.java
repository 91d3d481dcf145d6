/**
 * The generator service's logic, without Kafka: {@link io.ddestream.streaming.generation.OnlineGenerator} keeps a
 * generator and its {@code s_q} alive across the data model's versions, trains them in bounded rounds, labels its
 * samples with unique ids, and decides when to checkpoint; the streaming layer's {@code GeneratorRole} moves its
 * inputs and outputs over topics.
 */
package io.ddestream.streaming.generation;
