package io.ddestream.engine.generator;

import io.ddestream.engine.density.DensityModel;
import io.ddestream.testing.IntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The KL estimate against closed forms: with Gaussian data of correlation r (standardized: unit variances) and a
 * generator that stays the identity (its samples are N(0, I)), both smoothed densities are Gaussian and
 * {@code KL(q~ || p~) = 1/2 sum_i (a_i / b_i - 1 - log(a_i / b_i))} over the eigenvalues {@code a_i = 1 + sigma^2}
 * of q~'s covariance and {@code b_i = 1 +- r + sigma^2} of p~'s. The tolerances allow for the errors of two DDEs
 * after short training (about 15% of a KL of one nat).
 */
@IntegrationTest
class KlEstimateTest {

    @ParameterizedTest(name = "correlation {0}")
    @CsvSource({"0.0, 0.05", "0.8, 0.25"})
    void estimatesTheKlOfAGeneratorThatStaysTheIdentity(double correlation, double tolerance) {
        double[][] rows = DataModels.correlatedGaussian(10_000, correlation, new Random(11));
        DensityModel data = DataModels.fit(rows, 2000);
        // A learning rate this small leaves the generator the identity while s_q learns its samples.
        GeneratorLearner learner = GeneratorLearner.create(data, Support.of(rows, data.standardizer()), new GeneratorConfig(8, 1, 512, 1e-12, 10, 3));
        for (int i = 0; i < 150; i++) {
            learner.step();
        }

        KlEstimate kl = learner.estimateKl(20_000, 5);

        double s2 = data.sigma() * data.sigma();
        double exact = gaussianKl(1 + s2, 1 + correlation + s2) + gaussianKl(1 + s2, 1 - correlation + s2);
        System.out.printf("correlation %.1f: exact KL %.4f; %s%n", correlation, exact, kl.describe());
        assertThat(kl.value()).isCloseTo(exact, within(tolerance));
        assertThat(kl.standardError()).isPositive().isLessThan(tolerance);
        assertThat(kl.samples()).isEqualTo(20_000);
        assertThat(kl.logZp()).isEqualTo(data.logPartition().logZ());
    }

    private static double gaussianKl(double a, double b) {
        return 0.5 * (a / b - 1 - Math.log(a / b));
    }
}
