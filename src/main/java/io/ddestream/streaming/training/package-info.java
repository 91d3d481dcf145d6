/**
 * Online training for the streaming trainer, without Kafka: a warm-up that freezes the standardizer, an anomaly
 * gate, a reservoir sample of the stream, bounded-time denoising rounds and versioned model publishing, and the
 * checkpoint that lets training resume elsewhere.
 */
package io.ddestream.streaming.training;
