package io.ddestream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddestream.cli.BuildInfo;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.density.DensityFitter;
import io.ddestream.engine.dde.TrainingSettings;
import io.ddestream.engine.density.CalibrationSettings;
import io.ddestream.engine.density.DensitySettings;
import io.ddestream.engine.density.SigmaChoice;
import io.ddestream.engine.density.Standardizer;
import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.generator.GeneratorConfig;
import io.ddestream.engine.generator.GeneratorFitter;
import io.ddestream.engine.generator.GeneratorLearner;
import io.ddestream.engine.generator.GeneratorModel;
import io.ddestream.engine.generator.Support;
import io.ddestream.engine.nn.NetworkPass;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * Generator throughput on random data: training steps per second (each with its k steps of {@code s_q}), and
 * sampling in samples per second (latent draws, forward passes, de-standardization into Java arrays). The data
 * model is fitted for a token number of steps: speed does not depend on what the networks have learned.
 */
@Command(name = "generator", mixinStandardHelpOptions = true,
        description = "Generator training steps per second and sampling speed in samples per second.")
final class GeneratorBench implements Callable<Integer> {

    @Option(names = "--dim", defaultValue = "2", description = "Data dimension (default ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--width", defaultValue = "64", description = "Generator hidden width (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--depth", defaultValue = "3", description = "Generator hidden layers (default ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--energy-width", defaultValue = "64", description = "Width of s_p and s_q (default ${DEFAULT-VALUE}).")
    int energyWidth;

    @Option(names = "--energy-depth", defaultValue = "4", description = "Depth of s_p and s_q (default ${DEFAULT-VALUE}).")
    int energyDepth;

    @Option(names = "--batch", defaultValue = "512", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--sq-steps-per-generator-step", defaultValue = "5",
            description = "s_q steps per generator step (default ${DEFAULT-VALUE}).")
    int sqStepsPerStep;

    @Option(names = "--steps", defaultValue = "300", description = "Timed generator steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "50", description = "Untimed steps first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--samples", defaultValue = "1000000", description = "Timed samples (default ${DEFAULT-VALUE}).")
    int samples;

    @Override
    public Integer call() throws Exception {
        double[][] rows = gaussianRows();
        DensityModel data = tokenDataModel(rows);
        Support support = Support.of(rows, data.standardizer());
        GeneratorConfig config = new GeneratorConfig(width, depth, batch, 1e-3, sqStepsPerStep, 1);

        GeneratorLearner learner = GeneratorLearner.create(data, support, config);
        for (int i = 0; i < warmup; i++) {
            learner.step();
        }
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            learner.step();
        }
        double stepsPerSecond = steps / ((System.nanoTime() - start) / 1e9);

        GeneratorModel model = GeneratorFitter.fit(data, support, new GeneratorFitter.Settings(config, 1, 1000, 0,
                BuildInfo.version()), GeneratorFitter.Progress.NONE);
        model.sample(Math.min(samples, 100_000), 2);
        start = System.nanoTime();
        model.sample(samples, 3);
        double samplesPerSecond = samples / ((System.nanoTime() - start) / 1e9);

        System.out.printf(Locale.ROOT, "%-36s %10.1f steps/s  (%.3f ms/step, %d s_q steps each)%n",
                "generator training (" + NetworkPass.kernelsInUse() + ")", stepsPerSecond, 1e3 / stepsPerSecond,
                sqStepsPerStep);
        System.out.printf(Locale.ROOT, "%-36s %,10.0f samples/s (%,d samples)%n", "sampling", samplesPerSecond,
                samples);
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("bench", "generator").put("dim", dim).put("width", width).put("depth", depth)
                .put("energy_width", energyWidth).put("energy_depth", energyDepth).put("batch", batch)
                .put("sq_steps_per_step", sqStepsPerStep).put("steps", steps).put("samples", samples)
                .put("kernels", NetworkPass.kernelsInUse()).put("backend", Nd4j.getBackend().getClass().getSimpleName())
                .put("omp_num_threads", String.valueOf(System.getenv("OMP_NUM_THREADS")))
                .put("steps_per_s", round(stepsPerSecond)).put("ms_per_step", round(1e3 / stepsPerSecond))
                .put("samples_per_s", Math.round(samplesPerSecond));
        System.out.println(json);
        return 0;
    }

    private double[][] gaussianRows() {
        Random rng = new Random(1);
        double[][] rows = new double[2048][dim];
        for (double[] row : rows) {
            for (int i = 0; i < dim; i++) {
                row[i] = rng.nextGaussian();
            }
        }
        return rows;
    }

    /** A data model of the requested shape, fitted for one step on the rows. */
    private DensityModel tokenDataModel(double[][] rows) {
        List<String> features = new ArrayList<>();
        for (int i = 0; i < dim; i++) {
            features.add("x" + i);
        }
        DensitySettings settings = new DensitySettings(new TrainingSettings(energyWidth, energyDepth, batch, 1e-3, 1,
                TrainingSettings.DEFAULT_MAX_GRADIENT_NORM), SigmaChoice.given(0.2), Standardizer.Method.MOMENTS,
                new CalibrationSettings(1000, 0.01), BuildInfo.version());
        return DensityFitter.fit(features, rows, settings, 1, DensityFitter.Progress.NONE);
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
