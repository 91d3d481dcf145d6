package io.ddestream.cli.options;

import io.ddestream.cli.UserException;
import io.ddestream.engine.density.SigmaChoice;
import io.ddestream.engine.density.SigmaSelector;
import io.ddestream.engine.density.TrainerSettings;
import picocli.CommandLine.Option;

import java.util.Arrays;

/** The options of a {@link SigmaChoice}: a given or annealed sigma, or how to select one. */
public final class SigmaOptions {

    /** Annealing's factor per reduction: ten reductions are about a factor of 2.6. */
    static final double ANNEAL_FACTOR = 0.9091;

    @Option(names = "--sigma", paramLabel = "S", description = "Noise scale in standardized units: constant, or the start "
            + "of the annealing. Default: selected on the first points (a file's rows, a stream's warm-up) by short "
            + "fits over --sigma-grid; the models keep the evidence, which 'dde info' shows.")
    Double sigma;

    @Option(names = "--sigma-floor", paramLabel = "S", description = "Anneal sigma down to this floor (x" + ANNEAL_FACTOR
            + " every --anneal-every steps); default: no annealing.")
    Double sigmaFloor;

    @Option(names = "--anneal-every", paramLabel = "N", defaultValue = "1000",
            description = "Steps between sigma reductions (default ${DEFAULT-VALUE}).")
    long annealEvery;

    @Option(names = "--sigma-grid", paramLabel = "S,S,...", split = ",",
            description = "Candidates for the sigma selection (default 0.1,0.2,0.35,0.5,1,2,5).")
    double[] sigmaGrid;

    @Option(names = "--select-steps", paramLabel = "N", defaultValue = "1000", description = "Denoising steps of each "
            + "short fit of the sigma selection, at most a fit's --steps (default ${DEFAULT-VALUE}).")
    long selectSteps;

    @Option(names = "--select-splits", paramLabel = "N", defaultValue = "1",
            description = "Random splits into two halves that each candidate of the sigma selection is measured on; its "
                    + "measures are the means over them, and 'dde info' shows the spread of its tail agreement. "
                    + "Each split costs 2 short fits per candidate (default ${DEFAULT-VALUE}).")
    int selectSplits;

    /**
     * The choice: the given sigma, annealed with {@code --sigma-floor}; otherwise the selection, with short fits of at
     * most {@code maxSelectSteps} steps and log Z from at most {@code normalizerSamples} samples each.
     */
    public SigmaChoice choice(long maxSelectSteps, int normalizerSamples) {
        if (sigma != null) {
            return sigmaFloor == null ? SigmaChoice.given(sigma)
                    : SigmaChoice.annealed(sigma, sigmaFloor, annealEvery, ANNEAL_FACTOR);
        }
        if (sigmaFloor != null) {
            throw new UserException("--sigma-floor needs --sigma, the start of the annealing");
        }
        if (selectSteps < 1) {
            throw new UserException("--select-steps must be >= 1, got " + selectSteps);
        }
        if (selectSplits < 1) {
            throw new UserException("--select-splits must be >= 1, got " + selectSplits);
        }
        SigmaSelector.Settings defaults = SigmaSelector.Settings.defaults();
        SigmaSelector.Settings selecting = defaults.withStepsPerCandidate(Math.min(selectSteps, maxSelectSteps))
                .withNormalizerSamples(Math.min(normalizerSamples, defaults.normalizerSamples()))
                .withSplits(selectSplits);
        if (sigmaGrid != null) {
            double[] grid = sigmaGrid.clone();
            Arrays.sort(grid);
            selecting = selecting.withGrid(grid);
        }
        return SigmaChoice.selected(selecting, TrainerSettings.FALLBACK_SIGMA);
    }
}
