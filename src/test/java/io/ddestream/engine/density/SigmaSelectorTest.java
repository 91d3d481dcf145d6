package io.ddestream.engine.density;

import io.ddestream.data.ToyDistribution;
import io.ddestream.engine.dde.TrainingConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Sigma selection on data whose answer is known, with small networks and short fits so that it runs in seconds. */
class SigmaSelectorTest {

    private static final DensityFitter.Settings FIT = new DensityFitter.Settings(
            TrainingConfig.defaults().withWidth(32).withDepth(2).withBatchSize(256), 600, 4000, 0.01, "test",
            Standardizer.Method.QUANTILES);

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
