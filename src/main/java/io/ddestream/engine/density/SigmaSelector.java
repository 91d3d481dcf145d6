package io.ddestream.engine.density;

import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Chooses sigma from the data alone, before the real fit: a grid of short fits on two disjoint halves of a
 * subsample. Each candidate gets two label-free measures: the two-fold held-out log-likelihood (each half's
 * model on the other half, normalized by its log Z) and the tail agreement (how far the two models agree on which
 * points are the least likely). {@link SigmaSelection} holds the rule; docs/quality.md what was measured.
 *
 * <p>The denoising loss is not a candidate measure: its scale changes with sigma, so it cannot compare them.
 *
 * <p>Stateless; deterministic for the settings' seed.
 */
public final class SigmaSelector {

    private SigmaSelector() {
    }

    /**
     * How to select.
     *
     * @param grid               candidate sigmas (standardized units), ascending, at least one
     * @param stepsPerCandidate  denoising steps of each short fit
     * @param maxPoints          the subsample's size cap (split in two halves)
     * @param tailFraction       the share of points whose agreement is measured (the least likely ones)
     * @param minTailPoints      ...but at least this many points
     * @param normalizerSamples  importance samples for each short fit's log Z
     * @param minAgreement       the tail agreement (Jaccard index) a candidate needs to be chosen by likelihood
     * @param splits             how many random splits into halves each candidate is measured on (its measures are
     *                           the means over the splits)
     */
    public record Settings(double[] grid, long stepsPerCandidate, int maxPoints, double tailFraction,
                           int minTailPoints, int normalizerSamples, double minAgreement, int splits) {

        public Settings {
            if (grid.length == 0) {
                throw new IllegalArgumentException("the sigma grid is empty");
            }
            grid = grid.clone();
            for (int i = 0; i < grid.length; i++) {
                if (!(grid[i] > 0) || !Double.isFinite(grid[i]) || (i > 0 && grid[i] <= grid[i - 1])) {
                    throw new IllegalArgumentException("the sigma grid must be positive, finite and ascending: "
                            + Arrays.toString(grid));
                }
            }
            if (stepsPerCandidate < 1 || maxPoints < 4 || minTailPoints < 1 || normalizerSamples < 100 || splits < 1) {
                throw new IllegalArgumentException("invalid selection settings");
            }
            if (!(tailFraction > 0 && tailFraction < 1) || !(minAgreement >= 0 && minAgreement <= 1)) {
                throw new IllegalArgumentException("tail fraction must be in (0, 1), the agreement in [0, 1]");
            }
        }

        /**
         * Sigma 0.1 to 5 in 7 steps, 1,000 steps per fit, up to 8,000 points, agreement on the least likely 5%
         * (at least 20 points) of at least 0.8, log Z from 10,000 samples, one split (three splits changed no
         * choice on the labelled files of docs/quality.md, at three times the cost).
         */
        public static Settings defaults() {
            return new Settings(new double[] {0.1, 0.2, 0.35, 0.5, 1, 2, 5}, 1000, 8000, 0.05, 20, 10_000, 0.8, 1);
        }

        public Settings withGrid(double... g) {
            return new Settings(g, stepsPerCandidate, maxPoints, tailFraction, minTailPoints, normalizerSamples,
                    minAgreement, splits);
        }

        public Settings withStepsPerCandidate(long n) {
            return new Settings(grid, n, maxPoints, tailFraction, minTailPoints, normalizerSamples, minAgreement,
                    splits);
        }

        public Settings withNormalizerSamples(int n) {
            return new Settings(grid, stepsPerCandidate, maxPoints, tailFraction, minTailPoints, n, minAgreement,
                    splits);
        }

        public Settings withMinAgreement(double a) {
            return new Settings(grid, stepsPerCandidate, maxPoints, tailFraction, minTailPoints, normalizerSamples, a,
                    splits);
        }

        public Settings withMaxPoints(int n) {
            return new Settings(grid, stepsPerCandidate, n, tailFraction, minTailPoints, normalizerSamples,
                    minAgreement, splits);
        }

        public Settings withSplits(int n) {
            return new Settings(grid, stepsPerCandidate, maxPoints, tailFraction, minTailPoints, normalizerSamples,
                    minAgreement, n);
        }

        @Override
        public double[] grid() {
            return grid.clone();
        }

        // A record compares an array component by identity: settings are equal when their grids hold the same values.
        @Override
        public boolean equals(Object o) {
            return o instanceof Settings other && Arrays.equals(grid, other.grid)
                    && stepsPerCandidate == other.stepsPerCandidate && maxPoints == other.maxPoints
                    && Double.compare(tailFraction, other.tailFraction) == 0 && minTailPoints == other.minTailPoints
                    && normalizerSamples == other.normalizerSamples
                    && Double.compare(minAgreement, other.minAgreement) == 0 && splits == other.splits;
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(grid) + Objects.hash(stepsPerCandidate, maxPoints, tailFraction, minTailPoints,
                    normalizerSamples, minAgreement, splits);
        }

        @Override
        public String toString() {
            return "SigmaSelector.Settings[grid=" + Arrays.toString(grid) + ", stepsPerCandidate=" + stepsPerCandidate
                    + ", maxPoints=" + maxPoints + ", splits=" + splits + "]";
        }
    }

    /** Receives one line per finished candidate; called from the selecting thread. */
    public interface Progress {
        Progress NONE = candidate -> { };

        void candidateDone(SigmaSelection.Candidate candidate);
    }

    /**
     * Selects sigma for {@code rows} (at least 4), training as {@code density} says apart from sigma, steps and
     * log Z's samples, which are the candidates', {@code settings}' steps per candidate and normalizer samples.
     */
    public static SigmaSelection select(List<String> features, double[][] rows, DensitySettings density,
                                        Settings settings, Progress progress) {
        Objects.requireNonNull(density, "density settings");
        if (rows.length < 4) {
            throw new IllegalArgumentException("need at least 4 points to select sigma, got " + rows.length);
        }
        long start = System.nanoTime();
        long seed = density.training().seed();
        // Split k's halves come from seed + k; split 0 is the single split of earlier versions.
        List<double[][][]> splits = new ArrayList<>();
        for (int k = 0; k < settings.splits(); k++) {
            splits.add(split(rows, settings.maxPoints(), seed + k));
        }
        int points = splits.get(0)[0].length + splits.get(0)[1].length;
        int tail = Math.min(points, Math.max(settings.minTailPoints(),
                (int) Math.ceil(settings.tailFraction() * points)));
        List<SigmaSelection.Candidate> candidates = new ArrayList<>();
        for (double sigma : settings.grid) {
            candidates.add(evaluate(features, splits, tail, sigma, density, settings));
            progress.candidateDone(candidates.get(candidates.size() - 1));
        }
        return SigmaSelection.choose(candidates, settings.minAgreement(), points, tail,
                settings.stepsPerCandidate(), settings.splits(), (System.nanoTime() - start) / 1e9);
    }

    /** The candidate's measures, averaged over the splits; failed if any split's fit fails. */
    private static SigmaSelection.Candidate evaluate(List<String> features, List<double[][][]> splits, int tail,
                                                     double sigma, DensitySettings density, Settings settings) {
        double[] agreement = new double[splits.size()];
        double rankCorrelation = 0;
        double heldOut = 0;
        boolean reliable = true;
        for (int k = 0; k < splits.size(); k++) {
            DensitySettings candidate = density.withSigma(SigmaChoice.given(sigma))
                    .withTraining(density.training().withSeed(density.training().seed() + 2L * k))
                    .withCalibration(new CalibrationSettings(settings.normalizerSamples(),
                            density.calibration().falseAlarmRate()));
            SplitMeasures m;
            try {
                m = measure(features, splits.get(k), tail, candidate, settings.stepsPerCandidate());
            } catch (IllegalStateException | IllegalArgumentException diverged) {
                // A sigma at which training diverges or log Z cannot be estimated is simply not a candidate.
                return SigmaSelection.Candidate.failed(sigma, diverged.getMessage());
            }
            if (m == null) {
                return SigmaSelection.Candidate.failed(sigma, "non-finite log-density");
            }
            agreement[k] = m.tailAgreement();
            rankCorrelation += m.rankCorrelation() / splits.size();
            heldOut += m.heldOutLogLikelihood() / splits.size();
            reliable &= m.logZReliable();
        }
        double spread = splits.size() < 2 ? Double.NaN
                : Arrays.stream(agreement).max().orElseThrow() - Arrays.stream(agreement).min().orElseThrow();
        return new SigmaSelection.Candidate(sigma, Arrays.stream(agreement).average().orElseThrow(), rankCorrelation,
                heldOut, reliable, null, spread);
    }

    /** One split's measures of a candidate. */
    record SplitMeasures(double tailAgreement, double rankCorrelation, double heldOutLogLikelihood,
                         boolean logZReliable) {
    }

    /**
     * Two short fits of {@code steps} steps with {@code candidate}'s given sigma, one per half (seeds {@code
     * candidate}'s and one more), and their measures on all points of the split; null if a log-density is not
     * finite.
     */
    static SplitMeasures measure(List<String> features, double[][][] halves, int tail, DensitySettings candidate,
                                 long steps) {
        DensityModel first = DensityFitter.fit(features, halves[0], candidate, steps, DensityFitter.Progress.NONE);
        DensityModel second = DensityFitter.fit(features, halves[1],
                candidate.withTraining(candidate.training().withSeed(candidate.training().seed() + 1)), steps,
                DensityFitter.Progress.NONE);
        double[][] all = concat(halves[0], halves[1]);
        double[] a = first.logDensity(all);
        double[] b = second.logDensity(all);
        if (!allFinite(a) || !allFinite(b)) {
            return null;
        }
        int n0 = halves[0].length;
        // Each model's held-out points are the other half: a two-fold cross-validated log-likelihood.
        double heldOut = (mean(b, 0, n0) * n0 + mean(a, n0, all.length) * (all.length - n0)) / all.length;
        return new SplitMeasures(tailAgreement(a, b, tail), RankCorrelation.spearman(a, b), heldOut,
                first.logPartition().reliable() && second.logPartition().reliable());
    }

    /**
     * The Jaccard index of the two sets of {@code tail} points with the lowest log-density: 1 when both models
     * would flag the same points, near {@code tail / n} when they agree no better than chance.
     */
    static double tailAgreement(double[] a, double[] b, int tail) {
        boolean[] inA = lowest(a, tail);
        boolean[] inB = lowest(b, tail);
        int both = 0;
        for (int i = 0; i < a.length; i++) {
            both += inA[i] && inB[i] ? 1 : 0;
        }
        return both / (double) (2 * tail - both);
    }

    private static boolean[] lowest(double[] values, int k) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Ties broken by index, so that the set always has exactly k members.
        Arrays.sort(order, (x, y) -> {
            int c = Double.compare(values[x], values[y]);
            return c != 0 ? c : Integer.compare(x, y);
        });
        boolean[] in = new boolean[values.length];
        for (int i = 0; i < k; i++) {
            in[order[i]] = true;
        }
        return in;
    }

    /** Two disjoint halves of a random subsample of at most {@code maxPoints} rows. */
    static double[][][] split(double[][] rows, int maxPoints, long seed) {
        int n = Math.min(rows.length, maxPoints);
        int[] order = new int[rows.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random rng = new Random(seed ^ 0x5E1EC7L);
        // The first n entries of a partial Fisher-Yates shuffle: a uniform sample without replacement.
        for (int i = 0; i < n; i++) {
            int j = i + rng.nextInt(order.length - i);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        double[][] first = new double[n / 2][];
        double[][] second = new double[n - n / 2][];
        for (int i = 0; i < n; i++) {
            if (i < first.length) {
                first[i] = rows[order[i]];
            } else {
                second[i - first.length] = rows[order[i]];
            }
        }
        return new double[][][] {first, second};
    }

    private static double[][] concat(double[][] a, double[][] b) {
        double[][] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }

    private static boolean allFinite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
