package io.ddestream.engine.generator;

import io.ddestream.data.EightGaussians;
import io.ddestream.data.ToyDistribution;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.density.DensityFitter;
import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.Standardizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * The generator end to end on 8 gaussians, from fixed seeds: fit the data model, train the generator against it,
 * compare 5,000 generated points with 5,000 true ones. (About 45 s.)
 *
 * <p>The acceptance criteria, every mode's share within 12.5% +- 3% and an energy distance within 3x
 * that of two true samples, are not met yet
 * (issue 3 stays open; scripts/generator-quality.sh measures them): in three runs the shares spanned
 * 10.3%..14.6% (a pass), 8.7%..16.3% and 10.2%..15.4%, and the energy distance was 9x, 23x and 13x the floor. Runs from the same
 * seeds differ in the last bits of the data model, and the generator's training amplifies that. What limits the
 * result is mostly the data model: score matching barely constrains the relative weights of separated modes, so
 * the DDE puts anywhere from 8% to 18% of its mass on single modes, and the generator, whose KL gradient moves
 * mass between separated modes only through the few samples between them, follows it (docs/generator.md).
 *
 * <p>The default run checks what holds in every run so far: every mode is covered, and the samples follow the
 * ring's radial profile.
 */
class EightGaussiansGeneratorTest {

    private static final int SAMPLES = 5000;
    private static Standardizer standardizer;
    private static double[][] generated;
    private static double[][] reference;
    private static double floor;

    @BeforeAll
    static void fitDataModelAndGenerator() {
        double[][] train = ToyDistribution.EIGHT_GAUSSIANS.sample(20_000, new Random(42));
        TrainingConfig config = TrainingConfig.defaults().withSigma(SigmaSchedule.constant(0.1)).withSeed(7);
        DensityModel data = DensityFitter.fit(ToyDistribution.EIGHT_GAUSSIANS.columns(), train,
                new DensityFitter.Settings(config, 3000, 20_000, 0.01, "test"), DensityFitter.Progress.NONE);
        GeneratorModel generator = GeneratorFitter.fit(data, Support.of(train, data.standardizer()),
                new GeneratorFitter.Settings(
                GeneratorConfig.defaults().withSeed(3), 2000, 20_000, 0, "test"), GeneratorFitter.Progress.NONE);

        standardizer = data.standardizer();
        generated = generator.sample(SAMPLES, 11);
        reference = ToyDistribution.EIGHT_GAUSSIANS.sample(SAMPLES, new Random(1));
        // The floor varies by a factor of 2 or more between draws: average a few independent pairs.
        Random rng = new Random(2);
        for (int i = 0; i < 4; i++) {
            floor += energyDistance(ToyDistribution.EIGHT_GAUSSIANS.sample(SAMPLES, rng),
                    ToyDistribution.EIGHT_GAUSSIANS.sample(SAMPLES, rng)) / 4;
        }
        System.out.printf(Locale.ROOT, "8 gaussians generator: mode shares %s; energy distance %.5f, "
                + "two true samples %.5f (ratio %.1f); %s%n", shares(modeShares(generated)), energyDistance(generated, reference),
                floor, energyDistance(generated, reference) / floor, generator.kl().describe());
    }

    @Test
    void coversEveryModeOnTheRing() {
        for (double share : modeShares(generated)) {
            assertThat(share).isGreaterThan(0.05);
        }
        double[] radius = radialMoments(generated);
        double[] trueRadius = radialMoments(reference);
        assertThat(radius[0]).isCloseTo(trueRadius[0], withinPercentage(5));
        assertThat(radius[1]).isCloseTo(trueRadius[1], withinPercentage(30));
    }

    private static String shares(double[] shares) {
        return Arrays.stream(shares).mapToObj(v -> String.format(Locale.ROOT, "%.1f%%", 100 * v))
                .collect(Collectors.joining(" "));
    }

    private static double[] modeShares(double[][] points) {
        double[] shares = new double[8];
        for (double[] p : points) {
            shares[EightGaussians.nearestMode(p[0], p[1])] += 1.0 / points.length;
        }
        return shares;
    }

    /** Mean and standard deviation of the distance from the origin. */
    private static double[] radialMoments(double[][] points) {
        double sum = 0;
        double sumOfSquares = 0;
        for (double[] p : points) {
            double r = Math.hypot(p[0], p[1]);
            sum += r;
            sumOfSquares += r * r;
        }
        double mean = sum / points.length;
        return new double[] {mean, Math.sqrt(sumOfSquares / points.length - mean * mean)};
    }

    /** The energy distance in the data model's standardized units, where the statistic's scale is set. */
    private static double energyDistance(double[][] a, double[][] b) {
        return EnergyDistance.between(standardize(a), standardize(b));
    }

    private static double[][] standardize(double[][] rows) {
        return Arrays.stream(rows).map(standardizer::standardize).toArray(double[][]::new);
    }
}
