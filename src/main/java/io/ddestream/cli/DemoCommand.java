package io.ddestream.cli;

import io.ddestream.data.ToyDistribution;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.density.DensityFitter;
import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.engine.density.Score;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code dde demo}: the offline engine end to end on a built-in 2D toy: fit, save, reload, score normal points
 * and injected anomalies, and show what the model says about them.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Fit a model on a built-in 2D toy stream, then score normal points and injected anomalies.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--toy", defaultValue = "8gaussians",
            description = "8gaussians, 2spirals, checkerboard or rings (default ${DEFAULT-VALUE}).")
    String toy;

    @Option(names = "--points", defaultValue = "20000", description = "Training points (default ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--steps", defaultValue = "3000", description = "Denoising steps (default ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        ToyDistribution distribution = ToyDistribution.fromName(toy);
        Random rng = new Random(seed);
        double[][] train = distribution.sample(points, rng);
        TrainingConfig config = TrainingConfig.defaults().withSigma(SigmaSchedule.constant(0.1)).withSeed(seed);
        out().printf("fitting a DDE to %d points of %s (%d steps)...%n", points, distribution.cliName(), steps);
        TerminalProgress progress = TerminalProgress.forStdout("fit");
        DensityModel model = DensityFitter.fit(distribution.columns(), train,
                new DensityFitter.Settings(config, steps, 20_000, 0.01, BuildInfo.version()), progress);
        progress.finish();
        Path file = Files.createTempFile("dde-demo", ".ddesnap");
        DensityModelCodec.write(file, model);
        model = DensityModelCodec.read(file);
        Files.delete(file);
        out().printf("log Z: %s; anomaly threshold %.3f%n", model.logPartition().describe(), model.threshold());

        double[][] normal = distribution.sample(1000, rng);
        double[][] anomalies = new double[50][];
        for (int i = 0; i < anomalies.length; i++) {
            anomalies[i] = new double[] {rng.nextDouble() * 12 - 6, rng.nextDouble() * 12 - 6};
        }
        report("normal points", model.score(normal));
        report("uniform points on [-6, 6]^2 (mostly off the data)", model.score(anomalies));
        out().println("a few of the uniform points:");
        List<Score> scores = model.score(anomalies);
        for (int i = 0; i < 5; i++) {
            Score s = scores.get(i);
            out().printf("  (%6.2f, %6.2f)  log p = %8.3f  p = %.4f  %-7s  %s%n", anomalies[i][0], anomalies[i][1],
                    s.logDensity(), s.pValue(), s.anomaly() ? "ANOMALY" : "normal", s.explanation());
        }
        return 0;
    }

    private void report(String label, List<Score> scores) {
        long flagged = scores.stream().filter(Score::anomaly).count();
        double meanLogDensity = scores.stream().mapToDouble(Score::logDensity).average().orElse(Double.NaN);
        out().printf("%-52s mean log-density %8.3f, flagged %5.1f%%%n", label, meanLogDensity,
                100.0 * flagged / scores.size());
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
