/**
 * Prequential (score-then-learn) evaluation of streaming anomaly detectors: each point is scored by a detector
 * that has learned only the points before it, then learned from. {@link io.ddestream.eval.prequential.Prequential}
 * runs the protocol over any {@link io.ddestream.eval.prequential.StreamingDetector}: dde-stream's online trainer
 * ({@link io.ddestream.eval.prequential.DdeDetector}, the streaming trainer's Kafka-free core) and Random Cut Forest
 * ({@link io.ddestream.eval.prequential.RcfDetector}). Scores follow one direction: higher = more anomalous.
 */
package io.ddestream.eval.prequential;
