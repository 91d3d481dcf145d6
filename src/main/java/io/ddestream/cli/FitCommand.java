package io.ddestream.cli;

import io.ddestream.data.CsvTable;
import io.ddestream.cli.options.DensityOptions;
import io.ddestream.engine.density.DensityLearner;
import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.engine.density.SigmaSelection;
import io.ddestream.engine.density.SigmaSelector;
import io.ddestream.engine.density.DensitySettings;
import io.ddestream.engine.density.SigmaChoice;
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
import java.time.Instant;
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
public final class FitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE.csv", description = "Training data (CSV with a header).")
    Path input;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Where to write the model.")
    Path model;

    @Option(names = "--ignore", paramLabel = "COL", description = "A column that is not a feature (repeatable), e.g. a label or an id.")
    List<String> ignore = List.of();

    @Mixin
    DensityOptions density;

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
    public static final long GENERATOR_DEFAULT_STEPS = 10_000;

    @Option(names = "--generator", description = "Then train a generator of samples against the fitted model, which stays "
            + "fixed meanwhile (see the --generator-* options); 'dde sample' draws from it.")
    boolean generator;

    @Mixin
    GeneratorOptions generatorOptions;

    @Override
    public Integer call() throws Exception {
        if (Files.isDirectory(model)) {
            // Found now, not after minutes of fitting.
            throw new UserException(model + ": is a directory; give the model a file name");
        }
        CsvTable table = CsvTable.read(input, Set.copyOf(ignore));
        long fitSteps = steps != null ? steps : generator ? GENERATOR_DEFAULT_STEPS : DEFAULT_STEPS;
        DensitySettings settings = density.settings(DensityOptions.Defaults.FIT, fitSteps);
        if (settings.sigma() instanceof SigmaChoice.Selected selected) {
            SigmaSelector.Settings selecting = selected.selecting();
            out().printf("selecting sigma: %d candidates, 2 short fits of %d steps each on %d random %s%n",
                    selecting.grid().length, selecting.stepsPerCandidate(), selecting.splits(),
                    selecting.splits() == 1 ? "split" : "splits");
            out().flush();
        }
        DensityLearner learner = DensityLearner.onTable(table.columns(), table.rows(), settings, fitSteps);
        if (learner.awaitingSigma()) {
            SigmaSelection selection = learner.sigmaSelectionTask(candidate -> {
                out().println("  " + candidate.describe());
                out().flush();
            }).get();
            out().printf("sigma %s selected in %.0f s: %s%n", selection.chosen(), selection.seconds(),
                    selection.reason());
            learner.startLearning(selection);
        }
        TerminalProgress progress = TerminalProgress.forStdout("fit");
        learner.fit(progress);
        progress.finish();
        DensityModel fitted = learner.freeze(Instant.now());
        if (generator) {
            TerminalProgress generatorProgress = TerminalProgress.forStdout("generator");
            // The data model records the range of its training points: the generator is kept near it.
            GeneratorModel trained = GeneratorFitter.fit(fitted, generatorOptions.settings(
                    settings.training().batchSize(), settings.training().seed(),
                    settings.calibration().normalizerSamples()), generatorProgress);
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


    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
