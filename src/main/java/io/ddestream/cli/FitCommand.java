package io.ddestream.cli;

import io.ddestream.data.CsvTable;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.density.DensityFitter;
import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.engine.density.SigmaSelection;
import io.ddestream.engine.density.SigmaSelector;
import io.ddestream.engine.density.Standardizer;
import io.ddestream.engine.generator.GeneratorFitter;
import io.ddestream.engine.generator.GeneratorModel;
import io.ddestream.engine.generator.GeneratorModelCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code dde fit}: learn a density model from a CSV file and save it; with {@code --generator}, then train a
 * generator against it (the data model is fitted first and stays fixed while the generator learns) and save both
 * in the one model file.
 */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = {"Learn the density of the numeric columns of a CSV file and save the model.",
                "Every column not ignored is a feature; the header names them.",
                "With --generator, then train a generator against the fitted density (which stays fixed meanwhile)."})
final class FitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE.csv", description = "Training data (CSV with a header).")
    Path input;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Where to write the model.")
    Path model;

    @Option(names = "--ignore", paramLabel = "COL", description = "A column that is not a feature (repeatable), e.g. a label or an id.")
    List<String> ignore = List.of();

    @Option(names = "--sigma", paramLabel = "S", description = "Noise scale in standardized units: constant, or the start of the annealing. "
            + "Default: selected from the data by short fits over --sigma-grid (see 'dde info' for the evidence).")
    Double sigma;

    @Option(names = "--sigma-grid", paramLabel = "S,S,...", split = ",",
            description = "Candidates for the sigma selection (default 0.1,0.2,0.35,0.5,1,2,5).")
    double[] sigmaGrid;

    @Option(names = "--select-steps", paramLabel = "N", defaultValue = "1000",
            description = "Denoising steps of each short fit of the sigma selection, at most --steps (default ${DEFAULT-VALUE}).")
    long selectSteps;

    @Option(names = "--select-splits", paramLabel = "N", defaultValue = "1",
            description = "Random splits into two halves that each candidate of the sigma selection is measured on; its "
                    + "measures are the means over them, and 'dde info' shows the spread of its tail agreement. "
                    + "Each split costs 2 short fits per candidate (default ${DEFAULT-VALUE}).")
    int selectSplits;

    @Option(names = "--scaling", paramLabel = "METHOD", defaultValue = "quantiles", converter = ScalingConverter.class,
            description = ScalingConverter.DESCRIPTION)
    Standardizer.Method scaling;

    @Option(names = "--sigma-floor", paramLabel = "S", description = "Anneal sigma down to this floor (x0.9091 every --anneal-every steps); "
            + "default: no annealing.")
    Double sigmaFloor;

    @Option(names = "--anneal-every", paramLabel = "N", defaultValue = "1000", description = "Steps between sigma reductions (default ${DEFAULT-VALUE}).")
    long annealEvery;

    @Option(names = "--steps", paramLabel = "N", description = "Denoising steps (default " + DEFAULT_STEPS + "; "
            + GENERATOR_DEFAULT_STEPS + " with --generator, which can be no sharper than the model it follows).")
    Long steps;

    /** Enough for scoring. */
    static final long DEFAULT_STEPS = 5000;

    /**
     * A generator needs the modes' shapes, which form late: on 8 gaussians (sigma 0.2) a 5,000-step fit's log-density
     * fell 0.2 to 1.2 nats from a mode's centre to the valley beside it across seeds (exact: 1.41), a 10,000-step
     * fit's 1.21 to 1.29 (docs/generator.md).
     */
    static final long GENERATOR_DEFAULT_STEPS = 10_000;

    @Option(names = "--width", paramLabel = "W", defaultValue = "64", description = "Hidden width (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--depth", paramLabel = "L", defaultValue = "4", description = "Hidden layers (default ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "512", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--learning-rate", paramLabel = "LR", defaultValue = "1e-3", description = "Adam's learning rate (default ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--seed", paramLabel = "K", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--false-alarm-rate", paramLabel = "R", defaultValue = "0.01",
            description = "Fraction of normal points the anomaly flag may raise (default ${DEFAULT-VALUE}).")
    double falseAlarmRate;

    @Option(names = "--normalizer-samples", paramLabel = "N", defaultValue = "20000",
            description = "Importance samples for log Z (default ${DEFAULT-VALUE}).")
    int normalizerSamples;

    @Option(names = "--generator", description = "Then train a generator of samples against the fitted model, which stays "
            + "fixed meanwhile (see the --generator-* options); 'dde sample' draws from it.")
    boolean generator;

    @Mixin
    GeneratorOptions generatorOptions;

    @Override
    public Integer call() throws Exception {
        if (sigma == null && sigmaFloor != null) {
            throw new UserException("--sigma-floor needs --sigma, the start of the annealing");
        }
        if (Files.isDirectory(model)) {
            // Found now, not after minutes of fitting.
            throw new UserException(model + ": is a directory; give the model a file name");
        }
        CsvTable table = CsvTable.read(input, Set.copyOf(ignore));
        TrainingConfig config = new TrainingConfig(width, depth, batch, learningRate, SigmaSchedule.constant(0.2),
                seed, 1e4);
        long fitSteps = steps != null ? steps : generator ? GENERATOR_DEFAULT_STEPS : DEFAULT_STEPS;
        DensityFitter.Settings settings = new DensityFitter.Settings(config, fitSteps, normalizerSamples, falseAlarmRate,
                BuildInfo.version(), scaling);
        SigmaSelection selection = sigma == null ? selectSigma(table, settings) : null;
        double initialSigma = selection == null ? sigma : selection.chosen();
        SigmaSchedule schedule = sigmaFloor == null ? SigmaSchedule.constant(initialSigma)
                : SigmaSchedule.annealed(initialSigma, sigmaFloor, annealEvery, 0.9091);
        settings = settings.withTraining(config.withSigma(schedule));
        TerminalProgress progress = TerminalProgress.forStdout("fit");
        DensityModel fitted = DensityFitter.fit(table.columns(), table.rows(), settings, progress);
        progress.finish();
        if (selection != null) {
            fitted = fitted.withSigmaSelection(selection);
        }
        if (generator) {
            TerminalProgress generatorProgress = TerminalProgress.forStdout("generator");
            // The data model records the range of its training points: the generator is kept near it.
            GeneratorModel trained = GeneratorFitter.fit(fitted, generatorOptions.settings(batch, seed,
                    normalizerSamples), generatorProgress);
            generatorProgress.finish();
            GeneratorModelCodec.write(model, fitted, trained);
            out().printf("generator: %d steps; %s%n", trained.provenance().steps(), trained.kl().describe());
        } else {
            DensityModelCodec.write(model, fitted);
        }
        out().printf("saved %s: %d features, %d points, %d steps; %s%n", model, fitted.dimension(),
                table.rowCount(), fitted.provenance().steps(), fitted.logPartition().describe());
        return 0;
    }


    /** Short fits over the grid on a subsample; prints each candidate's evidence and the choice. */
    private SigmaSelection selectSigma(CsvTable table, DensityFitter.Settings settings) {
        if (selectSteps < 1) {
            throw new UserException("--select-steps must be >= 1, got " + selectSteps);
        }
        if (selectSplits < 1) {
            throw new UserException("--select-splits must be >= 1, got " + selectSplits);
        }
        SigmaSelector.Settings defaults = SigmaSelector.Settings.defaults();
        SigmaSelector.Settings selecting = defaults.withStepsPerCandidate(Math.min(selectSteps, settings.steps()))
                .withNormalizerSamples(Math.min(normalizerSamples, defaults.normalizerSamples()))
                .withSplits(selectSplits);
        if (sigmaGrid != null) {
            double[] grid = sigmaGrid.clone();
            java.util.Arrays.sort(grid);
            selecting = selecting.withGrid(grid);
        }
        out().printf("selecting sigma: %d candidates, 2 short fits of %d steps each on %d random %s%n",
                selecting.grid().length, selecting.stepsPerCandidate(), selecting.splits(),
                selecting.splits() == 1 ? "split" : "splits");
        out().flush();
        SigmaSelection selection = SigmaSelector.select(table.columns(), table.rows(), settings, selecting,
                candidate -> {
                    out().println("  " + candidate.describe());
                    out().flush();
                });
        out().printf("sigma %s selected in %.0f s: %s%n", selection.chosen(), selection.seconds(), selection.reason());
        return selection;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
