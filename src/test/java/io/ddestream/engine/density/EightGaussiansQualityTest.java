package io.ddestream.engine.density;

import io.ddestream.testing.TestSettings;
import io.ddestream.data.EightGaussians;
import io.ddestream.data.ToyDistribution;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.testing.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference test of quality (docs/method.md section 4): on 8 gaussians the smoothed density p~ is known
 * exactly, so the held-out mean log-density of the normalized model can be compared with the truth. Since the
 * held-out points are drawn from p~ itself, the gap estimates KL(p~ || model) >= 0.
 */
@IntegrationTest
class EightGaussiansQualityTest {

    static final double SIGMA = 0.2;
    static final long STEPS = 4000;

    @Test
    void heldOutLogLikelihoodIsWithinATenthOfANatOfTheExactSmoothedDensity() {
        Random rng = new Random(42);
        double[][] train = ToyDistribution.EIGHT_GAUSSIANS.sample(20_000, rng);
        TrainingConfig config = new TrainingConfig(64, 4, 512, 1e-3, SigmaSchedule.constant(SIGMA), 7, 1e4);
        DensityModel model = DensityFitter.fit(ToyDistribution.EIGHT_GAUSSIANS.columns(), train,
                TestSettings.density(config, 50_000), STEPS, DensityFitter.Progress.NONE);

        // sigma is in standardized units: in the data's units the smoothing noise has std sigma * std_i.
        double[] std = model.standardizer().std();
        double[][] heldOut = ToyDistribution.EIGHT_GAUSSIANS.sample(20_000, rng);
        double exact = 0;
        for (double[] p : heldOut) {
            p[0] += SIGMA * std[0] * rng.nextGaussian();
            p[1] += SIGMA * std[1] * rng.nextGaussian();
            exact += EightGaussians.smoothedLogDensity(p[0], p[1], sq(SIGMA * std[0]), sq(SIGMA * std[1]));
        }
        exact /= heldOut.length;
        double learned = java.util.Arrays.stream(model.logDensity(heldOut)).average().orElseThrow();
        double gap = exact - learned;
        System.out.printf("8 gaussians, sigma %.2f, %d steps: exact %.4f, model %.4f, gap %.4f nats; %s%n",
                SIGMA, STEPS, exact, learned, gap, model.logPartition().describe());

        assertThat(model.logPartition().reliable()).isTrue();
        assertThat(Math.abs(gap)).isLessThan(0.1);
    }

    private static double sq(double v) {
        return v * v;
    }
}
