package io.ddestream.engine.density;

import io.ddestream.engine.dde.DenoisingLearner;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.nn.EnergyNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Energies with a known log Z (a normalized log-density plus a constant) are the authority on the estimator: its
 * estimate, its standard error, its reliability flag and its determinism.
 */
class LogPartitionEstimatorTest {

    private static final double LOG_Z = 3.7;
    private static final LogPartitionEstimator DEFAULT = new LogPartitionEstimator(
            LogPartitionEstimator.Settings.defaults());

    /**
     * At small sigma the kernels are narrow and a smooth Gaussian falls between them in six dimensions (ESS near
     * 16%), so there the test takes a sigma at which a model of such data would itself be smooth.
     */
    @ParameterizedTest(name = "d={0}, sigma={1}")
    @CsvSource({"2, 0.1", "6, 0.3"})
    void shouldEstimateKnownLogPartitionOfAGaussianWithinThreeStandardErrors(int d, double sigma) {
        // Given data from N(mu, I) and s(z) = log N(z; mu, I) + log Z
        double[] mu = new double[d];
        Arrays.fill(mu, 0.3);
        Mixture gaussian = new Mixture(new double[] {1}, new double[][] {mu}, new double[] {1});
        INDArray data = gaussian.sample(2000, new Random(1));

        // When
        LogPartition estimate = DEFAULT.estimate(gaussian.energy(LOG_Z), data, sigma, 42);

        // Then
        assertWithinThreeStandardErrorsAndTwoHundredths(estimate);
    }

    @Test
    void shouldEstimateKnownLogPartitionOfAGaussianMixtureWithinThreeStandardErrors() {
        Mixture mixture = new Mixture(new double[] {0.3, 0.7}, new double[][] {{-1.5, 0.5}, {1, -0.5}},
                new double[] {0.4, 0.8});
        INDArray data = mixture.sample(2000, new Random(2));

        LogPartition estimate = DEFAULT.estimate(mixture.energy(LOG_Z), data, 0.1, 43);

        assertWithinThreeStandardErrorsAndTwoHundredths(estimate);
    }

    @Test
    void shouldEstimateKnownLogPartitionOfTheSmoothedDataDensityWithinThreeStandardErrors() {
        // Given s = log p~ + log Z for the data's own Gaussian kernel density at sigma: what a DDE learns
        double sigma = 0.1;
        INDArray data = new Mixture(new double[] {1}, new double[][] {new double[6]}, new double[] {1})
                .sample(500, new Random(3));
        double[] equalWeights = new double[data.rows()];
        Arrays.fill(equalWeights, 1.0 / data.rows());
        double[] stds = new double[data.rows()];
        Arrays.fill(stds, sigma);
        Mixture smoothed = new Mixture(equalWeights, data.toDoubleMatrix(), stds);

        LogPartition estimate = DEFAULT.estimate(smoothed.energy(LOG_Z), data, sigma, 44);

        assertWithinThreeStandardErrorsAndTwoHundredths(estimate);
    }

    @Test
    void shouldAgreeWithQuadratureForALearnedOneDimensionalNetwork() {
        // Given a small network trained a little on N(0, 1) data: an energy with no closed-form log Z
        double sigma = 0.2;
        TrainingConfig config = new TrainingConfig(16, 2, 256, 1e-3, SigmaSchedule.constant(sigma), 1L, 1e4);
        DenoisingLearner learner = DenoisingLearner.create(1, config, DataType.DOUBLE);
        Mixture standardNormal = new Mixture(new double[] {1}, new double[][] {{0}}, new double[] {1});
        Random rng = new Random(8);
        for (int i = 0; i < 300; i++) {
            learner.learn(standardNormal.sample(256, rng));
        }
        EnergyNetwork network = learner.network();
        INDArray data = standardNormal.sample(1000, new Random(9));

        // When
        LogPartition estimate = DEFAULT.estimate(network::energy, data, sigma, 46);

        // Then it matches a Riemann sum on a fine grid over [-40, 40], where exp(s) has fallen by e^-25 at the ends
        // (a softplus network's energy falls only linearly in the tails)
        double step = 2e-3;
        double[] grid = new double[40_001];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = -40 + i * step;
        }
        double[] energies = network.energy(Nd4j.createFromArray(grid).reshape(grid.length, 1)).toDoubleVector();
        double max = Arrays.stream(energies).max().orElseThrow();
        double quadrature = max + Math.log(step * Arrays.stream(energies).map(s -> Math.exp(s - max)).sum());
        assertThat(Math.max(energies[0], energies[grid.length - 1])).isLessThan(max - 25);
        assertThat(estimate.reliable()).as(estimate.describe()).isTrue();
        assertThat(estimate.logZ()).as(estimate.describe()).isCloseTo(quadrature, within(3 * estimate.standardError()));
    }

    @Test
    void shouldReportAStandardErrorThatMatchesTheSpreadAcrossSeeds() {
        Mixture mixture = new Mixture(new double[] {0.5, 0.5}, new double[][] {{-1, 0, 0}, {1, 0, 0}},
                new double[] {0.5, 0.5});
        INDArray data = mixture.sample(1000, new Random(4));
        LogPartitionEstimator estimator = new LogPartitionEstimator(
                LogPartitionEstimator.Settings.defaults().withSamples(2000));

        double[] estimates = new double[10];
        double meanReportedError = 0;
        for (int seed = 0; seed < estimates.length; seed++) {
            LogPartition estimate = estimator.estimate(mixture.energy(LOG_Z), data, 0.1, seed);
            estimates[seed] = estimate.logZ();
            meanReportedError += estimate.standardError() / estimates.length;
        }

        double spread = standardDeviation(estimates);
        assertThat(meanReportedError).isBetween(spread / 2, spread * 2);
    }

    @Test
    void shouldFlagAnEstimateAsUnreliableWhenTheModelPutsItsMassWhereTheProposalDoesNot() {
        // Given data around the origin and an energy that is a narrow spike far from it
        INDArray data = new Mixture(new double[] {1}, new double[][] {{0, 0}}, new double[] {1})
                .sample(500, new Random(5));
        Mixture spike = new Mixture(new double[] {1}, new double[][] {{6, 6}}, new double[] {0.01});

        // When
        LogPartition estimate = DEFAULT.estimate(spike.energy(LOG_Z), data, 0.1, 45);

        // Then
        assertThat(estimate.reliable()).isFalse();
        assertThat(estimate.describe()).contains("UNRELIABLE").contains("in 2 dimensions");
    }

    @Test
    void shouldGiveTheSameEstimateForTheSameSeed() {
        Mixture gaussian = new Mixture(new double[] {1}, new double[][] {{0, 0, 0}}, new double[] {1});
        INDArray data = gaussian.sample(300, new Random(6));
        LogPartitionEstimator estimator = new LogPartitionEstimator(
                LogPartitionEstimator.Settings.defaults().withSamples(5000));

        LogPartition first = estimator.estimate(gaussian.energy(LOG_Z), data, 0.1, 7);
        LogPartition second = estimator.estimate(gaussian.energy(LOG_Z), data, 0.1, 7);
        LogPartition otherSeed = estimator.estimate(gaussian.energy(LOG_Z), data, 0.1, 8);

        assertThat(second).isEqualTo(first);
        assertThat(otherSeed.logZ()).isNotEqualTo(first.logZ());
    }

    @Test
    void shouldHandTheEnergyPointsInTheDataTypeOfTheData() {
        Mixture gaussian = new Mixture(new double[] {1}, new double[][] {{0, 0}}, new double[] {1});
        INDArray data = gaussian.sample(100, new Random(7)).castTo(DataType.FLOAT);
        AtomicReference<DataType> seen = new AtomicReference<>();
        EnergyFunction energy = gaussian.energy(LOG_Z);

        new LogPartitionEstimator(LogPartitionEstimator.Settings.defaults().withSamples(100)).estimate(points -> {
            seen.set(points.dataType());
            return energy.energy(points);
        }, data, 0.1, 9);

        assertThat(seen.get()).isEqualTo(DataType.FLOAT);
    }

    private static void assertWithinThreeStandardErrorsAndTwoHundredths(LogPartition estimate) {
        assertThat(estimate.reliable()).as(estimate.describe()).isTrue();
        assertThat(estimate.logZ()).as(estimate.describe()).isCloseTo(LOG_Z, within(3 * estimate.standardError()));
        assertThat(estimate.logZ()).as(estimate.describe()).isCloseTo(LOG_Z, within(0.02));
    }

    private static double standardDeviation(double[] values) {
        double mean = Arrays.stream(values).average().orElseThrow();
        double sumOfSquares = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
        return Math.sqrt(sumOfSquares / (values.length - 1));
    }

    /** A mixture of isotropic Gaussians: a density to draw data from, and an energy with a known log Z. */
    private record Mixture(double[] weights, double[][] means, double[] stds) {

        INDArray sample(int n, Random rng) {
            int d = means[0].length;
            double[][] rows = new double[n][d];
            for (double[] row : rows) {
                int k = component(rng.nextDouble());
                for (int i = 0; i < d; i++) {
                    row[i] = means[k][i] + stds[k] * rng.nextGaussian();
                }
            }
            return Nd4j.createFromArray(rows);
        }

        /** {@code s(z) = log p(z) + logZ}. */
        EnergyFunction energy(double logZ) {
            return points -> {
                int d = points.columns();
                double[] flat = points.castTo(DataType.DOUBLE).ravel().toDoubleVector();
                double[] energies = new double[points.rows()];
                for (int r = 0; r < energies.length; r++) {
                    energies[r] = logDensity(Arrays.copyOfRange(flat, r * d, (r + 1) * d)) + logZ;
                }
                return Nd4j.createFromArray(energies).reshape(energies.length, 1);
            };
        }

        private double logDensity(double[] z) {
            double[] terms = new double[weights.length];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < weights.length; k++) {
                double squared = 0;
                for (int i = 0; i < z.length; i++) {
                    double u = (z[i] - means[k][i]) / stds[k];
                    squared += u * u;
                }
                terms[k] = Math.log(weights[k]) - z.length * Math.log(stds[k] * Math.sqrt(2 * Math.PI)) - squared / 2;
                max = Math.max(max, terms[k]);
            }
            double sum = 0;
            for (double term : terms) {
                sum += Math.exp(term - max);
            }
            return max + Math.log(sum);
        }

        private int component(double u) {
            double cumulative = 0;
            for (int k = 0; k < weights.length - 1; k++) {
                cumulative += weights[k];
                if (u < cumulative) {
                    return k;
                }
            }
            return weights.length - 1;
        }
    }
}
