package io.ddestream.engine.density;

import io.ddestream.testing.TestSettings;
import io.ddestream.data.ToyDistribution;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.engine.density.SigmaSelection;
import io.ddestream.engine.density.SigmaSelector;
import io.ddestream.engine.density.Standardizer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The online trainer selecting sigma on its warm-up points: the learner waits for the selection, learns at the
 * chosen sigma, and the choice survives a checkpoint, a restart during the selection, and reaches every model.
 */
class DensityLearnerSigmaSelectionTest {

    private static final List<String> FEATURES = List.of("x", "y");
    private static final int WARMUP = 300;
    private static final double FALLBACK_SIGMA = 0.1;

    /** A small trainer selecting between two sigmas by short fits of 150 steps. */
    private static TrainerSettings selecting() {
        TrainingConfig training = new TrainingConfig(16, 2, 64, 1e-3, SigmaSchedule.constant(FALLBACK_SIGMA), 5, 1e4);
        SigmaSelector.Settings selection = SigmaSelector.Settings.defaults().withGrid(0.1, 1)
                .withStepsPerCandidate(150).withNormalizerSamples(1000);
        TrainerSettings given = TestSettings.trainer(training, 1000).withWarmup(WARMUP, 2000);
        return TestSettings.selecting(given.withDensity(new DensitySettings(given.density().training(),
                given.density().sigma(), Standardizer.Method.QUANTILES, given.density().calibration(), "test")),
                selection);
    }

    private static double[][] points(int n, long seed) {
        return ToyDistribution.EIGHT_GAUSSIANS.sample(n, new Random(seed));
    }

    private static DensityLearner warmedUp(TrainerSettings settings) {
        DensityLearner trainer = DensityLearner.create(FEATURES, settings);
        double[][] warmup = points(WARMUP, 1);
        for (int i = 0; i < WARMUP - 1; i++) {
            assertThat(trainer.observe(warmup[i]).admission()).isEqualTo(DensityLearner.Admission.WARMING_UP);
        }
        assertThat(trainer.observe(warmup[WARMUP - 1]).admission()).isEqualTo(DensityLearner.Admission.WARMED_UP);
        return trainer;
    }

    @Test
    void shouldLearnProvisionallyDuringTheSelectionKeepingPointsAndThenLearnAtTheChosenSigma() {
        // Given a trainer whose warm-up just ended
        DensityLearner trainer = warmedUp(selecting());
        assertThat(trainer.awaitingSigma()).isTrue();
        assertThat(trainer.provisional()).isTrue();
        assertThat(trainer.warmedUp()).isFalse();
        double scott = Math.pow(WARMUP, -1.0 / 6);
        assertThat(trainer.sigma()).as("Scott's rule for the warm-up, within the grid").isEqualTo(scott);
        assertThat(trainer.checkpoint()).as("a provisional learner is not checkpointed").isNull();
        var selectionTask = trainer.sigmaSelectionTask(SigmaSelector.Progress.NONE);

        // When points arrive and rounds run while the selection has not finished
        for (double[] x : points(50, 2)) {
            assertThat(trainer.observe(x).admission()).isEqualTo(DensityLearner.Admission.KEPT);
        }
        assertThat(trainer.trainSteps(30, 0)).isEqualTo(30);
        DensityModel provisional = trainer.publish(500);

        // Then its models are provisional, at the rule's sigma, and say so in the model file; and they gate nothing
        assertThat(provisional.provisional()).isTrue();
        assertThat(provisional.provenance().version()).isEqualTo(1);
        assertThat(provisional.sigma()).isEqualTo(scott);
        assertThat(provisional.sigmaSelection()).isEmpty();
        assertThat(DensityModelCodec.decode(DensityModelCodec.encode(provisional)).provisional()).isTrue();
        assertThat(trainer.observe(new double[] {40, -40}).admission()).as("not gated by a provisional model")
                .isIn(DensityLearner.Admission.KEPT, DensityLearner.Admission.PASSED_OVER);
        assertThat(trainer.checkpoint()).isNull();

        // And the selection (on the warm-up points only, the reservoir when the task was made) finishes
        SigmaSelection selection = selectionTask.get();
        assertThat(selection.points()).isEqualTo(WARMUP);
        trainer.startLearning(selection);

        // Then a fresh learner learns at the chosen sigma, and every published model carries the selection
        assertThat(trainer.awaitingSigma()).isFalse();
        assertThat(trainer.provisional()).isFalse();
        assertThat(trainer.sigma()).isEqualTo(selection.chosen());
        assertThat(trainer.steps()).isZero();
        assertThat(trainer.provisionalSteps()).isEqualTo(30);
        assertThat(trainer.trainSteps(20, 0)).isEqualTo(20);
        DensityModel model = trainer.publish(1000);
        assertThat(model.provisional()).isFalse();
        assertThat(model.provenance().version()).isEqualTo(2);
        assertThat(model.provenance().steps()).isEqualTo(20);
        assertThat(model.sigma()).isEqualTo(selection.chosen());
        assertThat(model.provenance().training().sigma().initial()).isEqualTo(selection.chosen());
        assertThat(model.sigmaSelection()).contains(selection);
        assertThat(DensityModelCodec.decode(DensityModelCodec.encode(model)).sigmaSelection()).contains(selection);
        assertThatThrownBy(() -> trainer.startLearning(selection)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldKeepTheSelectedSigmaAndItsEvidenceAcrossACheckpointAndARestore() {
        // Given a trainer learning at a selected sigma, checkpointed after its first model
        DensityLearner trainer = warmedUp(selecting());
        SigmaSelection selection = trainer.sigmaSelectionTask(SigmaSelector.Progress.NONE).get();
        trainer.startLearning(selection);
        trainer.trainSteps(20, 0);
        DensityModel first = trainer.publish(1000);
        byte[] checkpoint = trainer.checkpoint().encode();

        // When it is restored from the checkpoint's bytes
        TrainerCheckpoint decoded = TrainerCheckpoint.decode(checkpoint);
        assertThat(decoded.sigmaSelection()).isEqualTo(selection);
        DensityLearner restored = DensityLearner.restore(FEATURES, selecting(), decoded, trainer.reservoir().rows(),
                trainer.reservoir().offered(), first);

        // Then it goes on at the same sigma, without selecting again, and its models keep the evidence
        assertThat(restored.awaitingSigma()).isFalse();
        assertThat(restored.sigma()).isEqualTo(selection.chosen());
        restored.trainSteps(20, 2000);
        DensityModel second = restored.publish(3000);
        assertThat(second.provenance().version()).isEqualTo(2);
        assertThat(second.sigmaSelection()).contains(selection);
    }

    @Test
    void shouldSelectAgainOnTheSamePointsAfterARestartDuringTheSelection() {
        // Given a trainer stopped during its selection (its store then holds the reservoir, and no checkpoint)
        DensityLearner trainer = warmedUp(selecting());
        SigmaSelection uninterrupted = trainer.sigmaSelectionTask(SigmaSelector.Progress.NONE).get();

        // When it is restored from the reservoir alone
        DensityLearner restored = DensityLearner.restore(FEATURES, selecting(), null, trainer.reservoir().rows(),
                trainer.reservoir().offered(), null);

        // Then it waits for a selection again, which measures the same candidates and makes the same choice
        assertThat(restored.awaitingSigma()).isTrue();
        List<String> progress = new ArrayList<>();
        SigmaSelection again = restored.sigmaSelectionTask(c -> progress.add(c.describe())).get();
        assertThat(progress).hasSize(2);
        assertThat(again.chosen()).isEqualTo(uninterrupted.chosen());
        assertThat(again.candidates()).isEqualTo(uninterrupted.candidates());
    }

    @Test
    void shouldLearnAtTheConfiguredSigmaWhenTheSelectionFails() {
        DensityLearner trainer = warmedUp(selecting());
        trainer.startLearningAtFallbackSigma();
        assertThat(trainer.sigma()).isEqualTo(FALLBACK_SIGMA);
        trainer.trainSteps(10, 0);
        DensityModel model = trainer.publish(1000);
        assertThat(model.sigma()).isEqualTo(FALLBACK_SIGMA);
        assertThat(model.sigmaSelection()).isEmpty();
        assertThat(trainer.checkpoint().sigmaSelection()).isNull();
    }

    @Test
    void shouldRefuseToResumeASelectedSigmaUnderSettingsThatFixAnotherOne() {
        DensityLearner trainer = warmedUp(selecting());
        SigmaSelection selection = trainer.sigmaSelectionTask(SigmaSelector.Progress.NONE).get();
        trainer.startLearning(selection);
        TrainerCheckpoint checkpoint = trainer.checkpoint();
        double other = selection.chosen() == 1 ? 0.1 : 1;
        TrainerSettings fixed = selecting().withDensity(selecting().density().withSigma(SigmaChoice.given(other)));

        assertThatThrownBy(() -> DensityLearner.restore(FEATURES, fixed, checkpoint, trainer.reservoir().rows(),
                trainer.reservoir().offered(), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("learns at sigma " + selection.chosen())
                .hasMessageContaining("drop --sigma");
    }

    @Test
    void shouldStartLearningRightAfterTheWarmUpWhenSigmaIsGiven() {
        DensityLearner trainer = warmedUp(selecting().withDensity(
                selecting().density().withSigma(SigmaChoice.given(FALLBACK_SIGMA))));
        assertThat(trainer.awaitingSigma()).isFalse();
        assertThat(trainer.sigma()).isEqualTo(FALLBACK_SIGMA);
        assertThat(trainer.checkpoint()).isNotNull();
        assertThatThrownBy(() -> trainer.sigmaSelectionTask(SigmaSelector.Progress.NONE))
                .isInstanceOf(IllegalStateException.class);
    }
}
