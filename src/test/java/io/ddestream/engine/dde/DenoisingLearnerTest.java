package io.ddestream.engine.dde;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DenoisingLearnerTest {

    private static final TrainingSettings SMALL = new TrainingSettings(16, 3, 64, 1e-3, 9, 1e4);
    private static final SigmaSchedule SIGMA = SigmaSchedule.constant(0.3);

    /** Data from a Java generator: ND4J's native ones treat seed 0 as "unseeded". */
    private static INDArray batch(long seed) {
        java.util.Random rng = new java.util.Random(seed);
        float[] values = new float[64 * 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) rng.nextGaussian();
        }
        return Nd4j.createFromArray(values).reshape(64, 2);
    }

    @Test
    void shouldGiveIdenticalWeightsForTheSameSeedAndDataEvenForSeedZero() {
        DenoisingLearner a = DenoisingLearner.create(2, SMALL.withSeed(0).at(SIGMA), DataType.FLOAT);
        DenoisingLearner b = DenoisingLearner.create(2, SMALL.withSeed(0).at(SIGMA), DataType.FLOAT);
        a.learn(batch(1));
        b.learn(batch(1));
        assertThat(a.network().parameters().toFloatVector()).containsExactly(b.network().parameters().toFloatVector());
    }

    @Test
    void shouldGiveIdenticalWeightsForTheSameSeedAndData() {
        DenoisingLearner a = DenoisingLearner.create(2, SMALL.at(SIGMA), DataType.FLOAT);
        DenoisingLearner b = DenoisingLearner.create(2, SMALL.at(SIGMA), DataType.FLOAT);
        for (int i = 0; i < 20; i++) {
            a.learn(batch(i));
            b.learn(batch(i));
        }
        assertThat(a.network().parameters().toFloatVector()).containsExactly(b.network().parameters().toFloatVector());
        DenoisingLearner other = DenoisingLearner.create(2, SMALL.withSeed(10).at(SIGMA), DataType.FLOAT);
        assertThat(other.network().parameters()).isNotEqualTo(a.network().parameters());
    }

    @Test
    void shouldScaleItsStepsWithTheLearningRateItIsGiven() {
        DenoisingLearner full = DenoisingLearner.create(2, SMALL.at(SIGMA), DataType.FLOAT);
        DenoisingLearner tenth = DenoisingLearner.create(2, SMALL.at(SIGMA), DataType.FLOAT);
        tenth.setLearningRate(SMALL.at(SIGMA).learningRate() / 10);
        INDArray start = full.network().parameters().dup();
        full.learn(batch(1));
        tenth.learn(batch(1));
        // Adam's first step moves every weight by about the learning rate, whatever the gradient's scale.
        double fullMove = full.network().parameters().sub(start).norm2Number().doubleValue();
        double tenthMove = tenth.network().parameters().sub(start).norm2Number().doubleValue();
        assertThat(tenthMove / fullMove).isCloseTo(0.1, within(0.01));
    }

    @Test
    void shouldReduceTheDenoisingLoss() {
        DenoisingLearner learner = DenoisingLearner.create(2, SMALL.at(SIGMA), DataType.FLOAT);
        INDArray data = batch(1).muli(0.2); // a tight cluster: far from what the random network predicts
        double first = 0;
        double last = 0;
        for (int i = 0; i < 300; i++) {
            double loss = learner.learn(data).loss();
            first = i < 20 ? first + loss / 20 : first;
            last = i >= 280 ? last + loss / 20 : last;
        }
        assertThat(last).isLessThan(0.8 * first);
    }

    @Test
    void shouldRefuseAStepOnNonFiniteDataAndLeaveTheWeightsAlone() {
        DenoisingLearner learner = DenoisingLearner.create(2, SMALL.at(SIGMA), DataType.FLOAT);
        learner.learn(batch(1));
        INDArray before = learner.network().parameters().dup();
        INDArray poisoned = batch(2);
        poisoned.putScalar(5, 1, Float.NaN);

        DenoisingLearner.StepResult result = learner.learn(poisoned);

        assertThat(result.accepted()).isFalse();
        assertThat(learner.refusedSteps()).isEqualTo(1);
        assertThat(learner.steps()).isEqualTo(1);
        assertThat(learner.network().parameters()).isEqualTo(before);
        assertThat(learner.learn(batch(3)).accepted()).isTrue();
        assertThat(learner.steps()).isEqualTo(2);
    }

    @Test
    void shouldRefuseAnExplodingStep() {
        DenoisingLearner learner = DenoisingLearner.create(2,
                new TrainingSettings(16, 3, 64, 1e-3, 9, 1e-9).at(SIGMA), DataType.FLOAT);
        INDArray before = learner.network().parameters().dup();
        DenoisingLearner.StepResult result = learner.learn(batch(1));
        assertThat(result.accepted()).isFalse();
        assertThat(result.gradientNorm()).isGreaterThan(1e-9);
        assertThat(learner.network().parameters()).isEqualTo(before);
    }

    @Test
    void shouldResumeWithWeightsMomentsAndStepCount() {
        DenoisingLearner learner = DenoisingLearner.create(2, SMALL.at(SIGMA), DataType.FLOAT);
        for (int i = 0; i < 10; i++) {
            learner.learn(batch(i));
        }
        LearnerState state = learner.state();
        DenoisingLearner resumed = DenoisingLearner.resume(SMALL.at(SIGMA), state);
        assertThat(resumed.steps()).isEqualTo(10);
        assertThat(resumed.network().parameters()).isEqualTo(learner.network().parameters());
        assertThat(resumed.state().optimizerState()).isEqualTo(state.optimizerState());
        assertThat(resumed.averagedNetwork().parameters()).isEqualTo(learner.averagedNetwork().parameters());
        assertThat(resumed.learn(batch(11)).step()).isEqualTo(11);
    }

    @Test
    void shouldAverageTheWeightsAlongTheWay() {
        DenoisingLearner learner = DenoisingLearner.create(2, SMALL.at(SIGMA), DataType.FLOAT);
        INDArray initial = learner.network().parameters().dup();
        for (int i = 0; i < 50; i++) {
            learner.learn(batch(i));
        }
        INDArray last = learner.network().parameters();
        INDArray averaged = learner.averagedNetwork().parameters();
        // The average trails the iterate: strictly between the start and the last weights, closer to the last.
        double fromStart = averaged.distance2(initial);
        double fromLast = averaged.distance2(last);
        assertThat(fromLast).isGreaterThan(0).isLessThan(last.distance2(initial));
        assertThat(fromStart).isGreaterThan(0);
    }

    @Test
    void shouldAnnealSigmaGeometricallyToItsFloor() {
        SigmaSchedule schedule = SigmaSchedule.annealed(0.1, 0.05, 1000, 0.9091);
        assertThat(schedule.at(0)).isEqualTo(0.1);
        assertThat(schedule.at(999)).isEqualTo(0.1);
        assertThat(schedule.at(1000)).isCloseTo(0.09091, within(1e-12));
        assertThat(schedule.at(1_000_000)).isEqualTo(0.05);
        assertThat(SigmaSchedule.constant(0.2).at(123_456)).isEqualTo(0.2);
    }
}
