/**
 * The command line's options, each declared once, in one picocli mixin per settings record: {@link
 * io.ddestream.cli.options.TrainingOptions} (network and optimizer), {@link io.ddestream.cli.options.SigmaOptions}
 * (given, annealed or selected sigma), {@link io.ddestream.cli.options.CalibrationOptions}, {@link
 * io.ddestream.cli.options.DensityOptions} (all of a density learner's), {@link
 * io.ddestream.cli.options.StreamTrainerOptions} (a stream's trainer); {@code fit}, {@code stream}, {@code demo}
 * and the benchmarks share them.
 */
package io.ddestream.cli.options;
