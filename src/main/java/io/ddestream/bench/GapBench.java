package io.ddestream.bench;

import io.ddestream.cli.BuildInfo;
import io.ddestream.cli.options.ScalingConverter;
import io.ddestream.cli.UserException;
import io.ddestream.data.EightGaussians;
import io.ddestream.data.ToyDistribution;
import io.ddestream.engine.dde.TrainingSettings;
import io.ddestream.engine.density.CalibrationSettings;
import io.ddestream.engine.density.DensitySettings;
import io.ddestream.engine.density.SigmaChoice;
import io.ddestream.engine.density.TrainerSettings;
import io.ddestream.engine.density.DensityFitter;
import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.SigmaSelection;
import io.ddestream.engine.density.SigmaSelector;
import io.ddestream.engine.density.Standardizer;
import io.ddestream.eval.SmoothedDensityEstimate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * The reference measure of quality on the 2-D toys: the held-out log-likelihood gap of the normalized model to the
 * smoothed density it learns ({@code p~ = p * N(0, sigma^2)}, an estimate of {@code KL(p~ || model)}): exact for
 * 8 gaussians, from a large sample for the others. Because {@code p~} depends on sigma, gaps at different sigmas
 * compare different targets; the cross-entropy of the model on clean held-out points, {@code -E_p[log model]},
 * compares models at any sigma (lower is better), and where {@code log p} is known (8 gaussians, checkerboard) the
 * bench prints {@code KL(p || model)} as well.
 */
@Command(name = "gap", mixinStandardHelpOptions = true,
        description = {"Held-out log-likelihood gap (nats) to the smoothed density of a 2-D toy: exact for 8gaussians, "
                + "a large-sample estimate for 2spirals and checkerboard.",
                "Also the model's cross-entropy on clean held-out points, comparable across sigmas."})
final class GapBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--toy", defaultValue = "8gaussians", description = "8gaussians, 2spirals or checkerboard (default ${DEFAULT-VALUE}).")
    String toy;

    @Option(names = "--sigma", description = "Sigma in standardized units; default: selected from the data as 'dde fit' does.")
    Double sigma;

    @Option(names = "--raw-sigma", description = "Sigma in the data's units instead (the reference code's convention).")
    Double rawSigma;

    @Option(names = "--scaling", paramLabel = "METHOD", defaultValue = "quantiles", converter = ScalingConverter.class,
            description = ScalingConverter.DESCRIPTION)
    Standardizer.Method method;

    @Option(names = "--steps", defaultValue = "5000", split = ",", description = "Step counts to report, e.g. 1000,5000 (default ${DEFAULT-VALUE}).")
    long[] steps;

    @Option(names = "--seed", defaultValue = "7", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--reference-samples", defaultValue = "200000",
            description = "Samples behind the smoothed-density estimate of toys without a closed form (default ${DEFAULT-VALUE}).")
    int referenceSamples;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ToyDistribution distribution;
        try {
            distribution = ToyDistribution.fromName(toy);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        if (distribution == ToyDistribution.RINGS) {
            throw new UserException("the gap bench covers 8gaussians, 2spirals and checkerboard");
        }
        Random rng = new Random(42);
        double[][] train = distribution.sample(20_000, rng);
        double[][] clean = distribution.sample(20_000, rng);
        double[][] reference = distribution == ToyDistribution.EIGHT_GAUSSIANS ? null
                : distribution.sample(referenceSamples, rng);
        DensitySettings base = new DensitySettings(TrainingSettings.defaults(512).withSeed(seed),
                SigmaChoice.selected(SigmaSelector.Settings.defaults(), TrainerSettings.FALLBACK_SIGMA), method,
                new CalibrationSettings(50_000, 0.01), BuildInfo.version());
        double[] std = Standardizer.fit(train, method).std();
        SigmaSelection selection = null;
        double s;
        if (rawSigma != null) {
            s = rawSigma / Math.sqrt(std[0] * std[1]);
        } else if (sigma != null) {
            s = sigma;
        } else {
            selection = SigmaSelector.select(distribution.columns(), train, base,
                    SigmaSelector.Settings.defaults(), c -> out.println("  " + c.describe()));
            s = selection.chosen();
            out.printf(Locale.ROOT, "sigma %s selected in %.0f s: %s%n", s, selection.seconds(), selection.reason());
        }
        StringBuilder json = new StringBuilder(String.format(Locale.ROOT,
                "{\"bench\":\"gap\",\"toy\":\"%s\",\"sigma\":%s,\"sigma_selected\":%s,\"scaling\":\"%s\",\"results\":[",
                distribution.cliName(), s, selection != null, method.id()));
        for (int k = 0; k < steps.length; k++) {
            long start = System.nanoTime();
            DensityModel model = DensityFitter.fit(distribution.columns(), train, base.withSigma(SigmaChoice.given(s)),
                    steps[k], DensityFitter.Progress.NONE);
            double seconds = (System.nanoTime() - start) / 1e9;
            Measures m = measure(distribution, model, clean, reference, s);
            out.printf(Locale.ROOT, "%s, sigma %.4f (standardized, %s), %5d steps: smoothed target %.4f, model %.4f, "
                            + "gap %.4f nats%s; clean cross-entropy %.4f%s; fit %.1f s; %s%n",
                    distribution.cliName(), s, method.id(), steps[k], m.target, m.learned, m.target - m.learned,
                    m.exact ? " (exact)" : " (large-sample estimate)", m.crossEntropy,
                    Double.isNaN(m.klToData) ? "" : String.format(Locale.ROOT, ", KL(p || model) %.4f", m.klToData),
                    seconds, model.logPartition().describe());
            json.append(k > 0 ? "," : "").append(String.format(Locale.ROOT,
                    "{\"steps\":%d,\"gap_nats\":%.5f,\"exact\":%s,\"clean_cross_entropy\":%.5f,\"kl_to_data\":%s,"
                            + "\"fit_seconds\":%.2f}", steps[k], m.target - m.learned, m.exact, m.crossEntropy,
                    Double.isNaN(m.klToData) ? "null" : String.format(Locale.ROOT, "%.5f", m.klToData), seconds));
        }
        out.println(json.append("]}"));
        return 0;
    }

    private record Measures(double target, double learned, boolean exact, double crossEntropy, double klToData) {
    }

    /** The gap on held-out points of p~ (clean points plus the model's noise), and the clean cross-entropy. */
    private static Measures measure(ToyDistribution distribution, DensityModel model, double[][] clean,
                                    double[][] reference, double sigma) {
        double[] modelStd = model.standardizer().std();
        double sx = sigma * modelStd[0];
        double sy = sigma * modelStd[1];
        Random noise = new Random(43);
        double[][] heldOut = new double[clean.length][];
        for (int i = 0; i < clean.length; i++) {
            heldOut[i] = new double[] {clean[i][0] + sx * noise.nextGaussian(), clean[i][1] + sy * noise.nextGaussian()};
        }
        boolean exact = distribution == ToyDistribution.EIGHT_GAUSSIANS;
        SmoothedDensityEstimate estimate = exact ? null : new SmoothedDensityEstimate(reference, sx, sy);
        double target = 0;
        for (double[] p : heldOut) {
            target += exact ? EightGaussians.smoothedLogDensity(p[0], p[1], sx * sx, sy * sy)
                    : estimate.logDensity(p[0], p[1]);
        }
        target /= heldOut.length;
        double learned = mean(model.logDensity(heldOut));
        double cleanLogLikelihood = mean(model.logDensity(clean));
        double klToData = Double.NaN;
        if (exact) {
            double truth = 0;
            for (double[] p : clean) {
                truth += EightGaussians.smoothedLogDensity(p[0], p[1], 0, 0);
            }
            klToData = truth / clean.length - cleanLogLikelihood;
        } else if (distribution == ToyDistribution.CHECKERBOARD) {
            // Uniform on 8 black squares of side 2: density 1/32 wherever a clean point can fall.
            klToData = -Math.log(32) - cleanLogLikelihood;
        }
        return new Measures(target, learned, exact, -cleanLogLikelihood, klToData);
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }
}
