/**
 * The Kafka Streams layer: topic names and serdes ({@link io.ddestream.streaming.Topics}), point validation with a
 * bounded set of rejection reasons, and the scorer and trainer applications as pure topology builders over named
 * processors. Scores follow the engine's direction: log-density up = likely, anomaly score up = anomalous.
 */
package io.ddestream.streaming;
