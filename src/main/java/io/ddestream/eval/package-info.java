/**
 * Evaluation measures used by benchmarks and quality tests (ROC-AUC); they know nothing of models or streams.
 */
package io.ddestream.eval;
