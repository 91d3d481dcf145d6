package io.ddestream.engine.generator;

import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.Provenance;
import io.ddestream.engine.density.Standardizer;
import io.ddestream.testing.IntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A generator that outlives its data model and its process: it follows a newer data model in the same space
 * (keeping the generator and s_q), refuses one in another space, and resumes from an exported state.
 */
@IntegrationTest
class GeneratorLifecycleTest {

    private static final GeneratorConfig CONFIG = new GeneratorConfig(32, 2, 256, 3e-3, 3, 2);
    private static double[][] positive;
    private static DensityModel positiveModel;
    private static DensityModel negativeModel;

    @BeforeAll
    static void fitDataModels() {
        // Two data sets in one standardized space: the second is the first with its second coordinate negated,
        // which turns a correlation of +0.9 into -0.9 and leaves the standardizer all but unchanged (it is then
        // set to the first's, as a streaming trainer's versions share one).
        positive = DataModels.correlatedGaussian(10_000, 0.9, new Random(1));
        double[][] negative = new double[positive.length][];
        for (int i = 0; i < positive.length; i++) {
            negative[i] = new double[] {positive[i][0], -positive[i][1]};
        }
        positiveModel = DataModels.fit(positive, 1000);
        negativeModel = sameSpace(DataModels.fit(negative, 1000), positiveModel.standardizer(), 2);
    }

    /** The model with another standardizer and version (and its range dropped: it was in its own units). */
    private static DensityModel sameSpace(DensityModel m, Standardizer standardizer, long version) {
        Provenance p = m.provenance();
        return new DensityModel(m.features(), standardizer, m.network(), m.sigma(), m.logPartition(), m.calibration(),
                m.falseAlarmRate(), new Provenance(p.training(), p.steps(), p.refusedSteps(), p.trainingPoints(),
                version, p.createdAt(), p.build()));
    }

    @Test
    void shouldFollowANewerDataModelKeepingTheGeneratorAndSq() {
        // Given a generator that learned the positive correlation
        GeneratorLearner learner = GeneratorLearner.create(positiveModel, Support.of(positiveModel), CONFIG);
        for (int i = 0; i < 300; i++) {
            learner.step();
        }
        assertThat(correlation(sample(learner))).isGreaterThan(0.6);
        INDArray weightsBefore = learner.generator().parameters().dup();
        long sqStepsBefore = learner.sqSteps();

        // When it follows a model of the negated data in the same space
        assertThat(learner.incompatibilityWith(negativeModel)).isEmpty();
        learner.followDataModel(negativeModel, Support.of(negativeModel));

        // Then nothing it learned is lost at the switch, and its KL is now measured against the new model
        assertThat(learner.generator().parameters()).isEqualTo(weightsBefore);
        assertThat(learner.sqSteps()).isEqualTo(sqStepsBefore);
        assertThat(learner.steps()).isEqualTo(300);
        assertThat(learner.dataModel()).isSameAs(negativeModel);
        assertThat(learner.estimateKl(2000, 1).logZp()).isEqualTo(negativeModel.logPartition().logZ());
        // And further steps carry the samples over to the new correlation
        for (int i = 0; i < 300; i++) {
            learner.step();
        }
        assertThat(learner.steps()).isEqualTo(600);
        assertThat(correlation(sample(learner))).isLessThan(-0.5);
    }

    @Test
    void shouldRefuseToFollowAModelInAnotherSpace() {
        GeneratorLearner learner = GeneratorLearner.create(positiveModel, Support.of(positiveModel), CONFIG);
        Standardizer moved = Standardizer.of(new double[] {0.5, 0}, positiveModel.standardizer().std());
        DensityModel otherStandardizer = sameSpace(positiveModel, moved, 3);

        assertThat(learner.incompatibilityWith(otherStandardizer)).get().asString().contains("standardizer");
        assertThatThrownBy(() -> learner.followDataModel(otherStandardizer, Support.of(otherStandardizer)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot follow model version 3").hasMessageContaining("standardizer");
        DensityModel widerSigma = new DensityModel(positiveModel.features(), positiveModel.standardizer(),
                positiveModel.network(), 0.3, positiveModel.logPartition(), positiveModel.calibration(), 0.01,
                positiveModel.provenance());
        assertThat(learner.incompatibilityWith(widerSigma)).get().asString().contains("sigma 0.3");
        assertThat(GeneratorLearner.spaceMismatch(List.of("a", "c"), positiveModel.standardizer(), 0.2,
                positiveModel)).get().asString().contains("features");
        assertThat(learner.dataModel()).isSameAs(positiveModel);
    }

    @Test
    void shouldResumeFromACheckpointWithTheSameWeightsMomentsAndSteps() {
        // Given a learner 20 steps in, checkpointed through the snapshot codec
        GeneratorLearner original = GeneratorLearner.create(positiveModel, Support.of(positiveModel), CONFIG);
        for (int i = 0; i < 20; i++) {
            original.step();
        }
        GeneratorState saved = original.state();
        GeneratorCheckpoint checkpoint = GeneratorCheckpoint.decode(new GeneratorCheckpoint(
                positiveModel.features(), positiveModel.standardizer(), positiveModel.sigma(), CONFIG, saved, 1, 1,
                Optional.empty(), Instant.parse("2026-01-01T00:00:00Z"), "test").encode());

        // When two learners resume from it
        GeneratorLearner resumed = GeneratorLearner.resume(positiveModel, Support.of(positiveModel), CONFIG,
                checkpoint.state());
        GeneratorLearner again = GeneratorLearner.resume(positiveModel, Support.of(positiveModel), CONFIG,
                checkpoint.state());

        // Then they hold exactly what the original held
        GeneratorState state = resumed.state();
        assertThat(state.parameters()).isEqualTo(saved.parameters());
        assertThat(state.averagedParameters()).isEqualTo(saved.averagedParameters());
        assertThat(state.optimizerState()).isEqualTo(saved.optimizerState());
        assertThat(state.sq().parameters()).isEqualTo(saved.sq().parameters());
        assertThat(state.sq().optimizerState()).isEqualTo(saved.sq().optimizerState());
        assertThat(resumed.steps()).isEqualTo(20);
        assertThat(resumed.sqSteps()).isEqualTo(original.sqSteps());
        assertThat(resumed.averagedGenerator().parameters()).isEqualTo(original.averagedGenerator().parameters());
        // And their step counts continue, with Adam's moments in use (the same next steps from the same state)
        for (int i = 0; i < 3; i++) {
            assertThat(resumed.step().accepted()).isTrue();
            again.step();
        }
        assertThat(resumed.steps()).isEqualTo(23);
        assertThat(resumed.sqSteps()).isEqualTo(original.sqSteps() + 3 * CONFIG.sqStepsPerStep());
        assertThat(resumed.generator().parameters()).isEqualTo(again.generator().parameters());
        assertThat(resumed.generator().parameters()).isNotEqualTo(saved.parameters());
    }

    @Test
    void shouldRefuseAStateOfAnotherShape() {
        GeneratorState state = GeneratorLearner.create(positiveModel, Support.of(positiveModel), CONFIG).state();
        GeneratorConfig wider = new GeneratorConfig(64, 2, 256, 3e-3, 3, 2);

        assertThatThrownBy(() -> GeneratorLearner.resume(positiveModel, Support.of(positiveModel), wider, state))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("saved generator");
    }

    @Test
    void supportComesFromTheDataModelOrTheDefaultBox() {
        assertThat(positiveModel.dataRange()).isPresent();
        assertThat(Support.of(positiveModel).lower()).isEqualTo(positiveModel.dataRange().orElseThrow().lower());
        assertThat(Support.of(positiveModel)).usingRecursiveComparison()
                .isEqualTo(Support.of(positive, positiveModel.standardizer()));
        DensityModel withoutRange = sameSpace(positiveModel, positiveModel.standardizer(), 1);
        assertThat(Support.of(withoutRange).lower()).containsExactly(-4, -4);
        assertThat(Support.of(withoutRange).upper()).containsExactly(4, 4);
    }

    private static double[][] sample(GeneratorLearner learner) {
        INDArray latent = Nd4j.randn(Nd4j.getRandomFactory().getNewRandomInstance(3), new long[] {4000, 2})
                .castTo(DataType.FLOAT);
        return learner.averagedGenerator().generate(latent).castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    private static double correlation(double[][] rows) {
        double mx = 0;
        double my = 0;
        for (double[] r : rows) {
            mx += r[0] / rows.length;
            my += r[1] / rows.length;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (double[] r : rows) {
            sxy += (r[0] - mx) * (r[1] - my);
            sxx += (r[0] - mx) * (r[0] - mx);
            syy += (r[1] - my) * (r[1] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
