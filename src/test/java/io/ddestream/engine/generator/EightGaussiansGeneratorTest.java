package io.ddestream.engine.generator;

import io.ddestream.testing.TestSettings;
import io.ddestream.data.EightGaussians;
import io.ddestream.data.ToyDistribution;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.density.DensityFitter;
import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.Standardizer;
import io.ddestream.testing.IntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * The generator end to end on 8 gaussians, from fixed seeds and the engine's default sigma (0.2): fit the data model
 * (10,000 steps, as fit --generator), train the generator against it with the default settings (6,000 steps), compare 5,000 generated
 * points with 5,000 true ones: every mode's share within 12.5% +- 3%, and an energy distance within 3x that of two
 * independent true samples. (About 2-3 minutes on 2 cores.)
 */
@IntegrationTest
class EightGaussiansGeneratorTest {

    private static final int SAMPLES = 5000;
    private static Standardizer standardizer;
    private static double[][] generated;
    private static double[][] reference;
    private static double floor;

    @BeforeAll
    static void fitDataModelAndGenerator() {
        double[][] train = ToyDistribution.EIGHT_GAUSSIANS.sample(20_000, new Random(42));
        TrainingConfig config = new TrainingConfig(64, 4, 512, 1e-3, SigmaSchedule.constant(0.2), 7, 1e4);
        DensityModel data = DensityFitter.fit(ToyDistribution.EIGHT_GAUSSIANS.columns(), train,
                TestSettings.density(config, 20_000), 10_000, DensityFitter.Progress.NONE);
        GeneratorModel generator = GeneratorFitter.fit(data, Support.of(train, data.standardizer()),
                new GeneratorFitter.Settings(
                GeneratorConfig.defaults().withSeed(3), 6000, 20_000, 0, "test"), GeneratorFitter.Progress.NONE);

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
                + "two true samples %.5f (ratio %.2f); spread along the ring %.3f (true %.3f); %s%n",
                shares(modeShares(generated)), energyDistance(generated, reference), floor,
                energyDistance(generated, reference) / floor, tangentialSpread(generated), tangentialSpread(reference),
                generator.kl().describe());
    }

    @Test
    void givesEveryModeItsShareWithinThreePoints() {
        for (double share : modeShares(generated)) {
            assertThat(share).isBetween(0.095, 0.155);
        }
    }

    @Test
    void comesWithinThreeTimesTheTwoTrueSamplesEnergyDistance() {
        assertThat(energyDistance(generated, reference)).isLessThan(3 * floor);
    }

    @Test
    void followsTheRingsRadialProfile() {
        double[] radius = radialMoments(generated);
        double[] trueRadius = radialMoments(reference);
        assertThat(radius[0]).isCloseTo(trueRadius[0], withinPercentage(5));
        assertThat(radius[1]).isCloseTo(trueRadius[1], withinPercentage(30));
    }

    /** The failure this guards against: a ring, each mode smeared along it (a uniform ring's spread is 0.62). */
    @Test
    void concentratesEachModeAlongTheRing() {
        assertThat(tangentialSpread(generated)).isCloseTo(tangentialSpread(reference), withinPercentage(30));
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

    /** Root mean square distance from the nearest mode's centre along the ring (perpendicular to its radius). */
    private static double tangentialSpread(double[][] points) {
        double sumOfSquares = 0;
        for (double[] p : points) {
            double[] centre = EightGaussians.means()[EightGaussians.nearestMode(p[0], p[1])];
            double r = Math.hypot(centre[0], centre[1]);
            double along = (-(p[0] - centre[0]) * centre[1] + (p[1] - centre[1]) * centre[0]) / r;
            sumOfSquares += along * along;
        }
        return Math.sqrt(sumOfSquares / points.length);
    }

    /** The energy distance in the data model's standardized units, where the statistic's scale is set. */
    private static double energyDistance(double[][] a, double[][] b) {
        return EnergyDistance.between(standardize(a), standardize(b));
    }

    private static double[][] standardize(double[][] rows) {
        return Arrays.stream(rows).map(standardizer::standardize).toArray(double[][]::new);
    }
}
