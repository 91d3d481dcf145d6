package io.ddestream.engine.density;

import io.ddestream.testing.TestSettings;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.snapshot.Snapshot;
import io.ddestream.engine.snapshot.SnapshotCodec;
import io.ddestream.engine.snapshot.SnapshotFormatException;
import io.ddestream.engine.snapshot.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Scoring, explanations and the model file, on a small model of a correlated 3-d Gaussian. */
class DensityModelTest {

    private static final List<String> FEATURES = List.of("a", "b", "c");
    private static double[][] train;
    private static DensityModel model;

    @BeforeAll
    static void fitSmallModel() {
        Random rng = new Random(5);
        train = new double[3000][];
        for (int i = 0; i < train.length; i++) {
            double x = rng.nextGaussian();
            train[i] = new double[] {10 + x, 2 * x + 0.3 * rng.nextGaussian(), -5 + 3 * rng.nextGaussian()};
        }
        TrainingConfig config = new TrainingConfig(32, 2, 256, 1e-3, SigmaSchedule.constant(0.2), 3, 1e4);
        model = DensityFitter.fit(FEATURES, train, TestSettings.density(config, 5000), 600,
                DensityFitter.Progress.NONE);
    }

    @Test
    void shouldScoreAPointBeyondTheModelsArithmeticAsOutOfRangeInsteadOfFailing() {
        // Given a finite point so far out that the network's float64 evaluation overflows
        Score score = model.score(new double[] {1.7e308, -1.7e308, 1.7e308});
        // Then it is out of range: the most anomalous possible, with no explanation, and no exception
        assertThat(score.inRange()).isFalse();
        assertThat(score.pValue()).isZero();
        assertThat(score.anomaly()).isTrue();
        assertThat(score.explanation()).isEmpty();
        assertThat(model.score(train[0]).inRange()).isTrue();
    }

    @Test
    void shouldScoreOnePointLikeTheBatch() {
        double[][] rows = {train[0], train[1], {10, 20, 0}};
        List<Score> batch = model.score(rows);
        for (int i = 0; i < rows.length; i++) {
            Score one = model.score(rows[i]);
            assertThat(one.logDensity()).isCloseTo(batch.get(i).logDensity(), within(1e-3));
            assertThat(one.pValue()).isCloseTo(batch.get(i).pValue(), within(1e-3));
            assertThat(one.explanation().get(0).feature()).isEqualTo(batch.get(i).explanation().get(0).feature());
        }
    }

    @Test
    void shouldFlagAndExplainAnOutlyingFeature() {
        Score score = model.score(new double[] {10, 0, 25});
        assertThat(score.anomaly()).isTrue();
        assertThat(score.anomalyScore()).isGreaterThan(score.threshold());
        assertThat(score.pValue()).isLessThan(0.01);
        assertThat(score.explanation().get(0).feature()).isEqualTo("c");
        assertThat(score.explanation().get(0).direction()).isEqualTo(Score.Direction.HIGH);
        assertThat(model.score(train[7]).anomaly()).isFalse();
    }

    @Test
    void shouldExplainABrokenCorrelationByBothFeaturesInOppositeDirections() {
        // b = 2 (a - 10) in the data; b far above what a implies: lowering b or raising a both help.
        Score score = model.score(new double[] {10, 8, -5});
        assertThat(score.anomaly()).isTrue();
        assertThat(score.explanation().subList(0, 2)).extracting(Score.FeatureContribution::feature)
                .containsExactlyInAnyOrder("a", "b");
        assertThat(score.explanation()).filteredOn(c -> c.feature().equals("b"))
                .extracting(Score.FeatureContribution::direction).containsExactly(Score.Direction.HIGH);
        assertThat(score.explanation()).filteredOn(c -> c.feature().equals("a"))
                .extracting(Score.FeatureContribution::direction).containsExactly(Score.Direction.LOW);
    }

    @Test
    void shouldFlagTrainingPointsAtAboutTheFalseAlarmRate() {
        long flagged = model.score(train).stream().filter(Score::anomaly).count();
        assertThat(flagged / (double) train.length).isBetween(0.005, 0.02);
    }

    @Test
    void shouldRoundTripThroughTheModelFormat() {
        DensityModel copy = DensityModelCodec.decode(DensityModelCodec.encode(model));
        assertThat(copy.features()).isEqualTo(FEATURES);
        assertThat(copy.logDensity(train)).containsExactly(model.logDensity(train), within(1e-9));
        assertThat(copy.threshold()).isEqualTo(model.threshold());
        assertThat(copy.provenance()).isEqualTo(model.provenance());
        assertThat(copy.logPartition()).isEqualTo(model.logPartition());
        assertThat(copy.standardizer().method()).isEqualTo(Standardizer.Method.MOMENTS);
        assertThat(copy.sigmaSelection()).isEmpty();
    }

    @Test
    void shouldKeepTheStandardizationMethodAndTheSigmaSelectionInTheModelFile() {
        // Given a model standardized by quantiles whose sigma (0.2) was selected over three candidates, one failed
        Standardizer quantiles = Standardizer.fit(train, Standardizer.Method.QUANTILES);
        SigmaSelection selection = new SigmaSelection(List.of(
                new SigmaSelection.Candidate(0.1, 0.5, 0.93, -4.25, false, null),
                new SigmaSelection.Candidate(0.2, 0.875, 0.99, -4.5, true, null),
                SigmaSelection.Candidate.failed(5, "training diverged")),
                0.2, SigmaSelection.RULE, 0.8, 2000, 100, 600, 12.5);
        DensityModel selected = new DensityModel(FEATURES, quantiles, model.network(), model.sigma(),
                model.logPartition(), model.calibration(), 0.01, model.provenance()).withSigmaSelection(selection);

        // When it goes through the model format
        DensityModel copy = DensityModelCodec.decode(DensityModelCodec.encode(selected));

        // Then both come back as they were
        assertThat(copy.standardizer().method()).isEqualTo(Standardizer.Method.QUANTILES);
        assertThat(copy.standardizer().std()).containsExactly(quantiles.std());
        assertThat(copy.sigmaSelection()).contains(selection);
    }

    @Test
    void shouldKeepTheNumberOfSplitsAndEachCandidatesAgreementSpreadInTheModelFile() {
        // Given a selection averaged over three splits
        SigmaSelection selection = new SigmaSelection(List.of(
                new SigmaSelection.Candidate(0.1, 0.5, 0.93, -4.25, false, null, 0.125),
                new SigmaSelection.Candidate(0.2, 0.875, 0.99, -4.5, true, null, 0.0625),
                SigmaSelection.Candidate.failed(5, "training diverged")),
                0.2, SigmaSelection.RULE, 0.8, 2000, 100, 600, 12.5, 3);
        DensityModel selected = new DensityModel(FEATURES, model.standardizer(), model.network(), model.sigma(),
                model.logPartition(), model.calibration(), 0.01, model.provenance()).withSigmaSelection(selection);

        // When it goes through the model format
        SigmaSelection copy = DensityModelCodec.decode(DensityModelCodec.encode(selected)).sigmaSelection()
                .orElseThrow();

        // Then the splits and the spreads come back (a failed candidate has none)
        assertThat(copy).isEqualTo(selection);
        assertThat(copy.splits()).isEqualTo(3);
        assertThat(copy.candidates().get(1).agreementSpread()).isEqualTo(0.0625);
        assertThat(copy.candidates().get(2).agreementSpread()).isNaN();
    }

    @Test
    void shouldReadASigmaSelectionWrittenBeforeSplitsWereRecordedAsOneSplitWithoutSpreads() {
        // Given a file whose selection has neither 'splits' nor any 'agreement_spread', as earlier builds wrote it
        SigmaSelection selection = new SigmaSelection(List.of(
                new SigmaSelection.Candidate(0.2, 0.875, 0.99, -4.5, true, null, 0.0625)),
                0.2, SigmaSelection.RULE, 0.8, 2000, 100, 600, 12.5, 3);
        Snapshot written = DensityModelCodec.toSnapshot(new DensityModel(FEATURES, model.standardizer(),
                model.network(), model.sigma(), model.logPartition(), model.calibration(), 0.01, model.provenance())
                .withSigmaSelection(selection));
        ObjectNode meta = written.metadata();
        ObjectNode recorded = (ObjectNode) meta.get("sigma_selection");
        recorded.remove("splits");
        ((ObjectNode) recorded.get("candidates").get(0)).remove("agreement_spread");
        Snapshot.Builder older = Snapshot.builder(written.kind()).metadata(meta);
        written.tensors().forEach(older::tensor);

        // When it is read
        SigmaSelection read = DensityModelCodec.fromSnapshot(older.build()).sigmaSelection().orElseThrow();

        // Then it is a one-split selection, its candidate without a spread
        assertThat(read.splits()).isEqualTo(1);
        assertThat(read.candidates().get(0).agreementSpread()).isNaN();
        assertThat(read.candidates().get(0).tailAgreement()).isEqualTo(0.875);
    }

    @Test
    void shouldRefuseASigmaSelectionThatChoseAnotherSigmaThanTheModels() {
        SigmaSelection elsewhere = new SigmaSelection(List.of(new SigmaSelection.Candidate(1, 0.9, 0.9, -3, true,
                null)), 1, SigmaSelection.RULE, 0.8, 100, 20, 100, 1);

        assertThatThrownBy(() -> model.withSigmaSelection(elsewhere)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectASnapshotWhoseWeightsDoNotFitTheDeclaredNetwork() {
        Snapshot good = DensityModelCodec.toSnapshot(model);
        Snapshot.Builder bad = Snapshot.builder(good.kind()).metadata(good.metadata());
        for (Tensor t : good.tensors()) {
            bad.tensor(t.name().equals("energy.parameters") ? Tensor.ofFloats(t.name(), new int[] {3}, new float[3]) : t);
        }
        byte[] bytes = SnapshotCodec.encode(bad.build());
        assertThatThrownBy(() -> DensityModelCodec.decode(bytes)).isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("energy.parameters");
    }

    @Test
    void shouldRejectNonFiniteWeights() {
        Snapshot good = DensityModelCodec.toSnapshot(model);
        Snapshot.Builder bad = Snapshot.builder(good.kind()).metadata(good.metadata());
        for (Tensor t : good.tensors()) {
            if (t.name().equals("energy.parameters")) {
                float[] w = t.floats();
                w[4] = Float.NaN;
                t = Tensor.ofFloats(t.name(), t.shape(), w);
            }
            bad.tensor(t);
        }
        byte[] bytes = SnapshotCodec.encode(bad.build());
        assertThatThrownBy(() -> DensityModelCodec.decode(bytes)).isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("non-finite");
    }

    @Test
    void shouldRejectAForeignKindOfSnapshot() {
        byte[] bytes = SnapshotCodec.encode(Snapshot.builder("something.else").build());
        assertThatThrownBy(() -> DensityModelCodec.decode(bytes)).isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("dde.density-model");
    }
}
