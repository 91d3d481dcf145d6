package io.ddestream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddestream.cli.BuildInfo;
import io.ddestream.cli.FitCommand;
import io.ddestream.cli.GeneratorOptions;
import io.ddestream.cli.UserException;
import io.ddestream.data.CsvTable;
import io.ddestream.data.ToyDistribution;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.density.DensityFitter;
import io.ddestream.engine.dde.TrainingSettings;
import io.ddestream.engine.density.CalibrationSettings;
import io.ddestream.engine.density.DensitySettings;
import io.ddestream.engine.density.SigmaChoice;
import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.Standardizer;
import io.ddestream.engine.generator.EnergyDistance;
import io.ddestream.engine.generator.GeneratorFitter;
import io.ddestream.engine.generator.GeneratorModel;
import io.ddestream.engine.generator.Support;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * How close a generator's samples come to the data: fits a data model and a generator on training points, then
 * compares generated points with a reference sample of true points by the {@link EnergyDistance}, beside the
 * floor: the same statistic between other true samples and the reference, averaged over a few draws because a
 * single one varies by a factor of 2 or more. Both are computed on points standardized by the data model, so
 * every feature weighs alike.
 */
@Command(name = "generator-quality", mixinStandardHelpOptions = true,
        description = {"Energy distance between generated and true points, beside that of two true samples.",
                "Data: a built-in toy (--toy), or a training and a held-out CSV file (--train, --held-out)."})
final class GeneratorQualityBench implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--toy", paramLabel = "NAME", description = "8gaussians, 2spirals, checkerboard or rings.")
        String toy;

        @Option(names = "--train", paramLabel = "FILE.csv", description = "Training points (needs --held-out).")
        Path train;
    }

    @Option(names = "--held-out", paramLabel = "FILE.csv",
            description = "The reference: true points not trained on, with the training file's columns.")
    Path heldOut;

    @Option(names = "--ignore", paramLabel = "COL", description = "A CSV column that is not a feature (repeatable).")
    List<String> ignore = List.of();

    @Option(names = "--points", defaultValue = "20000", description = "Toy training points (default ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--samples", defaultValue = "5000",
            description = "Toy reference, generated and second true sample size (default ${DEFAULT-VALUE}); "
                    + "with --held-out, its row count.")
    int samples;

    @Option(names = "--sigma", defaultValue = "0.2", description = "Noise scale, standardized units (default ${DEFAULT-VALUE}).")
    double sigma;

    @Option(names = "--steps", defaultValue = "" + FitCommand.GENERATOR_DEFAULT_STEPS,
            description = "Data model steps (default ${DEFAULT-VALUE}, as fit --generator).")
    long steps;

    @Option(names = "--batch", defaultValue = "512", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    GeneratorOptions generator;

    /** True samples of the reference's size for the floor. */
    private static final int FLOOR_DRAWS = 4;

    /** Training points, the reference sample, and other true samples of the reference's size. */
    private record Data(String name, List<String> columns, double[][] train, double[][] reference,
                        List<double[][]> otherTrue) {
    }

    @Override
    public Integer call() throws Exception {
        Data data = source.toy != null ? toy(ToyDistribution.fromName(source.toy)) : heldOut();
        DensitySettings settings = new DensitySettings(TrainingSettings.defaults(batch).withSeed(seed),
                SigmaChoice.given(sigma), Standardizer.Method.MOMENTS, new CalibrationSettings(20_000, 0.01),
                BuildInfo.version());
        long start = System.nanoTime();
        DensityModel model = DensityFitter.fit(data.columns(), data.train(), settings, steps,
                DensityFitter.Progress.NONE);
        double fitSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        GeneratorModel generated = GeneratorFitter.fit(model, Support.of(data.train(), model.standardizer()),
                generator.settings(batch, seed, 20_000), GeneratorFitter.Progress.NONE);
        double generatorSeconds = (System.nanoTime() - start) / 1e9;

        Standardizer standardizer = model.standardizer();
        double[][] reference = standardize(standardizer, data.reference());
        double statistic = EnergyDistance.between(
                standardize(standardizer, generated.sample(data.reference().length, seed + 3)), reference);
        // What an untrained generator, the identity, scores: N(0, I) in standardized space.
        double identity = EnergyDistance.between(gaussian(reference.length, data.columns().size()), reference);
        double floor = 0;
        for (double[][] other : data.otherTrue()) {
            floor += EnergyDistance.between(standardize(standardizer, other), reference) / data.otherTrue().size();
        }
        System.out.printf(Locale.ROOT, "%s: energy distance, generated vs true %.5f; two true samples %.5f "
                        + "(mean of %d draws); ratio %.2f (%d points each, standardized units)%n", data.name(),
                statistic, floor, FLOOR_DRAWS, statistic / floor, reference.length);
        System.out.printf(Locale.ROOT, "%s: the untrained generator (the identity) scores %.5f (ratio %.2f)%n",
                data.name(), identity, identity / floor);
        System.out.printf(Locale.ROOT, "%s: %s%n", data.name(), generated.kl().describe());
        System.out.printf(Locale.ROOT, "%s: data model %.1f s, generator %.1f s (%d steps)%n", data.name(),
                fitSeconds, generatorSeconds, generated.provenance().steps());

        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("bench", "generator-quality").put("data", data.name()).put("dimension", data.columns().size())
                .put("training_points", data.train().length).put("samples", reference.length)
                .put("energy_distance", statistic).put("two_true_samples", floor).put("ratio", statistic / floor)
                .put("identity_energy_distance", identity)
                .put("kl", generated.kl().value()).put("kl_standard_error", generated.kl().standardError())
                .put("sigma", sigma).put("steps", steps).put("generator_steps", generated.provenance().steps())
                .put("fit_seconds", fitSeconds).put("generator_seconds", generatorSeconds);
        System.out.println(json);
        return 0;
    }

    private Data toy(ToyDistribution toy) {
        // Independent streams: training points, the reference, the other true samples.
        Random others = new Random(seed + 2);
        List<double[][]> otherTrue = new ArrayList<>();
        for (int i = 0; i < FLOOR_DRAWS; i++) {
            otherTrue.add(toy.sample(samples, others));
        }
        return new Data(toy.cliName(), toy.columns(), toy.sample(points, new Random(seed)),
                toy.sample(samples, new Random(seed + 1)), otherTrue);
    }

    private Data heldOut() {
        if (heldOut == null) {
            throw new UserException("--train needs --held-out");
        }
        CsvTable train = CsvTable.read(source.train, Set.copyOf(ignore));
        CsvTable reference = CsvTable.read(heldOut, Set.copyOf(ignore));
        if (!train.columns().equals(reference.columns())) {
            throw new UserException(heldOut + ": feature columns " + reference.columns()
                    + " differ from the training file's " + train.columns());
        }
        if (train.rowCount() < reference.rowCount()) {
            throw new UserException("the training file needs at least as many rows as the held-out file ("
                    + reference.rowCount() + ") to draw the floor's true samples from");
        }
        // The floor's true samples come from the training points: independent of the held-out ones.
        Random others = new Random(seed + 2);
        List<double[][]> otherTrue = new ArrayList<>();
        for (int i = 0; i < FLOOR_DRAWS; i++) {
            otherTrue.add(subsample(train.rows(), reference.rowCount(), others));
        }
        return new Data(source.train.getFileName().toString(), train.columns(), train.rows(), reference.rows(),
                otherTrue);
    }

    /** {@code n} distinct rows, chosen uniformly (a partial Fisher-Yates shuffle of a copy). */
    private static double[][] subsample(double[][] rows, int n, Random rng) {
        double[][] copy = Arrays.copyOf(rows, rows.length);
        for (int i = 0; i < n; i++) {
            int j = i + rng.nextInt(copy.length - i);
            double[] swap = copy[i];
            copy[i] = copy[j];
            copy[j] = swap;
        }
        return Arrays.copyOf(copy, n);
    }

    private double[][] gaussian(int n, int d) {
        Random rng = new Random(seed + 4);
        double[][] rows = new double[n][d];
        for (double[] row : rows) {
            for (int i = 0; i < d; i++) {
                row[i] = rng.nextGaussian();
            }
        }
        return rows;
    }

    private static double[][] standardize(Standardizer standardizer, double[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = standardizer.standardize(rows[i]);
        }
        return out;
    }
}
