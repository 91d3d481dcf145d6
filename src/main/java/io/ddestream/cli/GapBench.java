package io.ddestream.cli;

import io.ddestream.data.EightGaussians;
import io.ddestream.data.ToyDistribution;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.density.DensityFitter;
import io.ddestream.engine.density.DensityModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * The reference measure of quality: on 8 gaussians the smoothed density is known exactly, so the held-out
 * log-likelihood gap of the normalized model (an estimate of KL(p~ || model)) is measured, not guessed.
 */
@Command(name = "gap", mixinStandardHelpOptions = true,
        description = "Held-out log-likelihood gap (nats) to the exact smoothed density of 8 gaussians.")
final class GapBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--sigma", defaultValue = "0.2", description = "Sigma in standardized units (default ${DEFAULT-VALUE}).")
    double sigma;

    @Option(names = "--raw-sigma", description = "Sigma in the data's units instead (the reference code's convention).")
    Double rawSigma;

    @Option(names = "--steps", defaultValue = "4000", split = ",", description = "Step counts to report, e.g. 1000,5000 (default ${DEFAULT-VALUE}).")
    long[] steps;

    @Option(names = "--seed", defaultValue = "7", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Random rng = new Random(42);
        double[][] train = ToyDistribution.EIGHT_GAUSSIANS.sample(20_000, rng);
        double[][] clean = ToyDistribution.EIGHT_GAUSSIANS.sample(20_000, rng);
        double[] std = io.ddestream.engine.density.Standardizer.fit(train).std();
        double s = rawSigma == null ? sigma : rawSigma / Math.sqrt(std[0] * std[1]);
        StringBuilder json = new StringBuilder("{\"bench\":\"gap\",\"sigma\":" + s + ",\"results\":[");
        for (int k = 0; k < steps.length; k++) {
            TrainingConfig config = TrainingConfig.defaults().withSigma(SigmaSchedule.constant(s)).withSeed(seed);
            long start = System.nanoTime();
            DensityModel model = DensityFitter.fit(ToyDistribution.EIGHT_GAUSSIANS.columns(), train,
                    new DensityFitter.Settings(config, steps[k], 50_000, 0.01, BuildInfo.version()),
                    DensityFitter.Progress.NONE);
            double seconds = (System.nanoTime() - start) / 1e9;
            double[] modelStd = model.standardizer().std();
            Random noise = new Random(43);
            double[][] heldOut = new double[clean.length][];
            double exact = 0;
            for (int i = 0; i < clean.length; i++) {
                double x = clean[i][0] + s * modelStd[0] * noise.nextGaussian();
                double y = clean[i][1] + s * modelStd[1] * noise.nextGaussian();
                heldOut[i] = new double[] {x, y};
                exact += EightGaussians.smoothedLogDensity(x, y, sq(s * modelStd[0]), sq(s * modelStd[1]));
            }
            exact /= clean.length;
            double learned = Arrays.stream(model.logDensity(heldOut)).average().orElseThrow();
            out.printf("sigma %.4f (standardized), %5d steps: exact %.4f, model %.4f, gap %.4f nats, fit %.1f s; %s%n",
                    s, steps[k], exact, learned, exact - learned, seconds, model.logPartition().describe());
            json.append(k > 0 ? "," : "").append(String.format(
                    "{\"steps\":%d,\"gap_nats\":%.5f,\"fit_seconds\":%.2f}", steps[k], exact - learned, seconds));
        }
        out.println(json.append("]}"));
        return 0;
    }

    private static double sq(double v) {
        return v * v;
    }
}
