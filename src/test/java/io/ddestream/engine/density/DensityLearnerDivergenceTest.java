package io.ddestream.engine.density;

import io.ddestream.testing.TestSettings;
import io.ddestream.data.ToyDistribution;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.dde.TrainingSettings;
import io.ddestream.engine.density.DensityModel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Divergence in the online trainer: steps that blow up are refused and counted and leave the weights exactly as
 * they were, the accepted steps continue from there, and points that would make every model unpublishable are
 * never learned from.
 */
class DensityLearnerDivergenceTest {

    private static final List<String> FEATURES = List.of("x", "y");

    /** A small trainer that learns from every point (no anomaly gate) and takes one step per round. */
    private static TrainerSettings settings(double maxGradientNorm) {
        TrainingConfig training = new TrainingConfig(16, 2, 64, 1e-3, SigmaSchedule.constant(0.1), 11, maxGradientNorm);
        return TestSettings.trainer(training, 1000).withWarmup(400, 2000).withGate(0.01, true);
    }

    private static DensityLearner warmedUp(TrainerSettings settings) {
        DensityLearner trainer = DensityLearner.create(FEATURES, settings);
        for (double[] x : ToyDistribution.EIGHT_GAUSSIANS.sample(400, new Random(1))) {
            trainer.observe(x);
        }
        assertThat(trainer.warmedUp()).isTrue();
        return trainer;
    }

    @Test
    void shouldRefuseAndCountEveryExplodingStepLeaveTheWeightsAloneAndContinueFromThem() {
        // Given a warmed-up trainer whose divergence guard refuses gradients above 0.04 (on this data the
        // gradient norm wanders between about 0.02 and 0.08, so some steps count as exploding)
        DensityLearner trainer = warmedUp(settings(0.04));

        // When training runs one step at a time (a 1 ns budget)
        int rounds = 150;
        long refused = 0;
        for (int round = 0; round < rounds; round++) {
            float[] before = parameters(trainer);
            long stepsBefore = trainer.steps();
            long refusedBefore = trainer.refusedSteps();
            assertThat(trainer.train(1, 1000L * round)).isEqualTo(1);
            if (trainer.refusedSteps() > refusedBefore) {
                // Then a refused step is counted and changes nothing: the weights stay at the last good state
                refused++;
                assertThat(trainer.steps()).isEqualTo(stepsBefore);
                assertThat(parameters(trainer)).containsExactly(before);
            } else {
                // And an accepted step continues from that state
                assertThat(trainer.steps()).isEqualTo(stepsBefore + 1);
                assertThat(parameters(trainer)).isNotEqualTo(before);
            }
        }
        assertThat(refused).isEqualTo(trainer.refusedSteps()).isBetween(10L, rounds - 10L);
        assertThat(trainer.steps()).isEqualTo(rounds - refused);
        // And the model published from the accepted steps is finite, and records the refusals
        DensityModel model = trainer.publish(1_000_000);
        assertFinite(model);
        assertThat(model.provenance().refusedSteps()).isEqualTo(refused);
        System.out.printf("divergence: %d of %d steps refused as exploding, %d accepted; every refused step left the "
                + "weights bit-identical; published model finite%n", refused, rounds, trainer.steps());
    }

    @Test
    void shouldNotLearnFromAPointFarBeyondTheWarmUpDataSoThatModelsKeepComing() {
        // Given a warmed-up trainer that learns from every point, anomalies included
        DensityLearner trainer = warmedUp(settings(TrainingSettings.DEFAULT_MAX_GRADIENT_NORM));
        // When a valid point 1e20 away arrives (about 5e19 standard deviations), and a far but learnable one
        DensityLearner.Observation absurd = trainer.observe(new double[] {1e20, 0});
        DensityLearner.Observation far = trainer.observe(new double[] {1e3, 0});
        // Then the first is not learned from, the second is
        assertThat(absurd.admission()).isEqualTo(DensityLearner.Admission.OUT_OF_RANGE);
        assertThat(absurd.slot()).isNegative();
        assertThat(far.admission()).isEqualTo(DensityLearner.Admission.KEPT);
        assertThat(trainer.reservoir().offered()).isEqualTo(401);
        // And models can still be published (with the absurd point held, log Z's proposal reached samples where
        // the energy is not finite, and every publication failed)
        for (int round = 0; round < 50; round++) {
            trainer.train(1, round);
        }
        assertFinite(trainer.publish(1_000));
    }

    private static void assertFinite(DensityModel model) {
        for (float w : model.network().parameters().toFloatVector()) {
            assertThat(Float.isFinite(w)).as("finite weight").isTrue();
        }
        assertThat(model.logPartition().logZ()).isFinite();
        assertThat(model.score(new double[] {2.83, 0}).logDensity()).isFinite();
    }

    private static float[] parameters(DensityLearner trainer) {
        return trainer.checkpoint().learner().parameters().toFloatVector();
    }
}
