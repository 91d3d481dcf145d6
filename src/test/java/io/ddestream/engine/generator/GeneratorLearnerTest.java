package io.ddestream.engine.generator;

import io.ddestream.engine.density.DensityModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The generator's training loop on 2-D Gaussian data whose coordinates are correlated: the generator starts as
 * the identity, whose samples are uncorrelated in standardized space, so only KL steps in the right direction
 * can produce the correlation.
 */
class GeneratorLearnerTest {

    private static final double CORRELATION = 0.9;
    private static DensityModel data;
    private static Support support;

    @BeforeAll
    static void fitDataModel() {
        double[][] rows = DataModels.correlatedGaussian(10_000, CORRELATION, new Random(1));
        data = DataModels.fit(rows, 1500);
        support = Support.of(rows, data.standardizer());
    }

    @Test
    void generatorStepsLearnTheCorrelationOfTheData() {
        GeneratorLearner learner = GeneratorLearner.create(data, support, new GeneratorConfig(32, 2, 256, 3e-3, 5, 2));
        assertThat(correlation(sample(learner))).isBetween(-0.1, 0.1);

        for (int i = 0; i < 300; i++) {
            assertThat(learner.step().accepted()).isTrue();
        }

        assertThat(learner.steps()).isEqualTo(300);
        assertThat(learner.sqSteps()).isEqualTo(300 * 5);
        assertThat(correlation(sample(learner))).isGreaterThan(0.75);
    }

    @Test
    void theSameSeedGivesTheSameGenerator() {
        GeneratorConfig config = new GeneratorConfig(16, 2, 64, 1e-3, 2, 9);
        GeneratorLearner first = GeneratorLearner.create(data, support, config);
        GeneratorLearner second = GeneratorLearner.create(data, support, config);
        for (int i = 0; i < 5; i++) {
            first.step();
            second.step();
        }
        assertThat(first.generator().parameters()).isEqualTo(second.generator().parameters());
        assertThat(first.generator().parameters())
                .isNotEqualTo(GeneratorLearner.create(data, support, config.withSeed(10)).generator().parameters());
    }

    @Test
    void aSmallerLearningRateTakesSmallerSteps() {
        GeneratorConfig config = new GeneratorConfig(16, 2, 64, 1e-3, 2, 9);
        GeneratorLearner full = GeneratorLearner.create(data, support, config);
        GeneratorLearner slowed = GeneratorLearner.create(data, support, config);
        INDArray start = full.generator().parameters().dup();
        slowed.setLearningRate(1e-5);
        full.step();
        slowed.step();
        double fullMove = full.generator().parameters().distance2(start);
        double slowedMove = slowed.generator().parameters().distance2(start);
        // Adam's first step moves every parameter by about the learning rate, whatever the gradient's scale.
        assertThat(slowedMove).isGreaterThan(0).isLessThan(fullMove / 50);
        assertThatThrownBy(() -> slowed.setLearningRate(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> slowed.setLearningRate(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Generator samples in standardized space: correlation does not depend on the per-feature scaling. */
    private static double[][] sample(GeneratorLearner learner) {
        INDArray latent = Nd4j.randn(Nd4j.getRandomFactory().getNewRandomInstance(3), new long[] {4000, 2})
                .castTo(DataType.FLOAT);
        return learner.generator().generate(latent).castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    private static double correlation(double[][] rows) {
        double mx = 0, my = 0;
        for (double[] r : rows) {
            mx += r[0] / rows.length;
            my += r[1] / rows.length;
        }
        double sxy = 0, sxx = 0, syy = 0;
        for (double[] r : rows) {
            sxy += (r[0] - mx) * (r[1] - my);
            sxx += (r[0] - mx) * (r[0] - mx);
            syy += (r[1] - my) * (r[1] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
