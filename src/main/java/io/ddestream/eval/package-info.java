/**
 * Evaluation measures used by benchmarks and quality tests (ROC-AUC, a large-sample estimate of a smoothed 2-D
 * density); they know nothing of models or streams. The prequential replays, which do, live in
 * {@link io.ddestream.eval.prequential}.
 */
package io.ddestream.eval;
