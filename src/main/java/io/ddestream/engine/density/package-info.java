/**
 * From a learned energy {@code s(z)} to calibrated numbers: standardization of the data (and its log-Jacobian),
 * the log partition function {@code log Z} of {@code exp(s)} by importance sampling with its standard error, and
 * label-free calibration of anomaly scores. The anomaly score is {@code -log density}: higher means more
 * anomalous, everywhere in this package and downstream of it.
 *
 * <p>The results ({@link io.ddestream.engine.density.Standardizer}, {@link io.ddestream.engine.density.LogPartition},
 * {@link io.ddestream.engine.density.ScoreCalibration}) are immutable and safe to share between threads; the
 * streaming accumulators ({@link io.ddestream.engine.density.RunningMoments},
 * {@link io.ddestream.engine.density.ScoreCalibrator}) are mutable, single-threaded, and freeze into them.
 *
 * <p>Fitting: {@link io.ddestream.engine.density.DensityFitter} trains at a given sigma;
 * {@link io.ddestream.engine.density.SigmaSelector} chooses sigma from the data alone by short fits on two halves
 * of it, and its {@link io.ddestream.engine.density.SigmaSelection} (the evidence and the choice) travels with the
 * model.
 */
package io.ddestream.engine.density;
