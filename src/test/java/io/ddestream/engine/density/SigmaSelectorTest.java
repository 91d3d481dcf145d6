package io.ddestream.engine.density;

import io.ddestream.data.ToyDistribution;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Sigma selection on data whose answer is known, with small networks and short fits so that it runs in seconds. */
class SigmaSelectorTest {

    private static final DensitySettings FIT = new DensitySettings(new TrainingSettings(32, 2, 256, 1e-3, 1,
            TrainingSettings.DEFAULT_MAX_GRADIENT_NORM), SigmaChoice.given(0.2), Standardizer.Method.QUANTILES,
            new CalibrationSettings(4000, 0.01), "test");

    @Test
    void shouldPreferTheSigmaThatResolvesEightTightClustersOverOneThatBlursThemIntoABlob() {
        // Given 8 gaussians of std 0.14 on a circle of radius 2.8: sigma 5 smooths them into one blob, 0.2 keeps them
        double[][] rows = ToyDistribution.EIGHT_GAUSSIANS.sample(3000, new Random(11));
        SigmaSelector.Settings settings = SigmaSelector.Settings.defaults().withGrid(0.2, 5).withStepsPerCandidate(600)
                .withMaxPoints(3000).withNormalizerSamples(4000);
        List<SigmaSelection.Candidate> seen = new ArrayList<>();

        // When
        SigmaSelection selection = SigmaSelector.select(ToyDistribution.EIGHT_GAUSSIANS.columns(), rows, FIT, settings,
                seen::add);

        // Then the resolving sigma fits the held-out half far better and is chosen: without outliers, the least
        // likely points are near-ties at any sigma, so the agreement is relaxed and the likelihood decides
        assertThat(seen).extracting(SigmaSelection.Candidate::sigma).containsExactly(0.2, 5.0);
        SigmaSelection.Candidate fine = selection.candidates().get(0);
        SigmaSelection.Candidate blob = selection.candidates().get(1);
        assertThat(fine.heldOutLogLikelihood()).isGreaterThan(blob.heldOutLogLikelihood() + 1.0);
        assertThat(selection.chosen()).isEqualTo(0.2);
        assertThat(selection.points()).isEqualTo(3000);
        assertThat(selection.tailPoints()).isEqualTo(150);
    }

    @Test
    void shouldAverageEachCandidatesMeasuresOverTheSplitsAndReportTheSpreadOfItsAgreement() {
        // Given three splits of a small sample: split k's halves come from seed + k, its two fits from seeds
        // seed + 2k and seed + 2k + 1
        double[][] rows = ToyDistribution.EIGHT_GAUSSIANS.sample(1200, new Random(5));
        List<String> columns = ToyDistribution.EIGHT_GAUSSIANS.columns();
        SigmaSelector.Settings settings = SigmaSelector.Settings.defaults().withGrid(0.5).withStepsPerCandidate(150)
                .withMaxPoints(1200).withNormalizerSamples(2000).withSplits(3);
        long seed = FIT.training().seed();
        double[] agreements = new double[3];
        double logLikelihood = 0;
        for (int k = 0; k < 3; k++) {
            DensitySettings candidate = FIT.withSigma(SigmaChoice.given(0.5))
                    .withTraining(FIT.training().withSeed(seed + 2L * k))
                    .withCalibration(new CalibrationSettings(settings.normalizerSamples(), 0.01));
            SigmaSelector.SplitMeasures m = SigmaSelector.measure(columns, SigmaSelector.split(rows, 1200, seed + k),
                    60, candidate, settings.stepsPerCandidate());
            agreements[k] = m.tailAgreement();
            logLikelihood += m.heldOutLogLikelihood() / 3;
        }

        // When
        SigmaSelection selection = SigmaSelector.select(columns, rows, FIT, settings, SigmaSelector.Progress.NONE);

        // Then the candidate's agreement and likelihood are the means over the splits, its spread their range (the
        // float32 fits repeat to about 1e-8 nats, which could at most move one point across a tail's edge)
        SigmaSelection.Candidate candidate = selection.candidates().get(0);
        assertThat(selection.splits()).isEqualTo(3);
        assertThat(candidate.tailAgreement()).isCloseTo(Arrays.stream(agreements).average().orElseThrow(),
                within(0.01));
        assertThat(candidate.heldOutLogLikelihood()).isCloseTo(logLikelihood, within(1e-6));
        assertThat(candidate.agreementSpread()).isCloseTo(Arrays.stream(agreements).max().orElseThrow()
                - Arrays.stream(agreements).min().orElseThrow(), within(0.02));
        assertThat(candidate.agreementSpread()).isGreaterThan(0);
        assertThat(candidate.describe()).contains("(spread ");
    }

    @Test
    void shouldReportNoSpreadForASingleSplit() {
        double[][] rows = ToyDistribution.EIGHT_GAUSSIANS.sample(600, new Random(6));
        SigmaSelector.Settings settings = SigmaSelector.Settings.defaults().withGrid(0.5).withStepsPerCandidate(100)
                .withMaxPoints(600).withNormalizerSamples(2000).withSplits(1);

        SigmaSelection selection = SigmaSelector.select(ToyDistribution.EIGHT_GAUSSIANS.columns(), rows, FIT, settings,
                SigmaSelector.Progress.NONE);

        assertThat(selection.splits()).isEqualTo(1);
        assertThat(selection.candidates().get(0).agreementSpread()).isNaN();
        assertThat(selection.candidates().get(0).describe()).doesNotContain("spread");
    }

    @Test
    void shouldMeasureTailAgreementAsTheJaccardIndexOfTheLeastLikelyPoints() {
        double[] a = {-9, -8, 0, 1, 2, 3};
        double[] same = {-5, -4, 1, 1, 1, 1};
        double[] swapped = {0, 1, -9, -8, 2, 3};
        double[] half = {-9, 0, -8, 1, 2, 3};

        assertThat(SigmaSelector.tailAgreement(a, same, 2)).isEqualTo(1.0);
        assertThat(SigmaSelector.tailAgreement(a, swapped, 2)).isEqualTo(0.0);
        assertThat(SigmaSelector.tailAgreement(a, half, 2)).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void shouldSplitASubsampleIntoTwoDisjointHalves() {
        double[][] rows = new double[101][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {i};
        }

        double[][][] halves = SigmaSelector.split(rows, 60, 3);

        assertThat(halves[0].length).isEqualTo(30);
        assertThat(halves[1].length).isEqualTo(30);
        double[] ids = Arrays.stream(halves).flatMap(Arrays::stream).mapToDouble(r -> r[0]).sorted().toArray();
        assertThat(Arrays.stream(ids).distinct().count()).isEqualTo(60);
    }
}
