package io.ddestream.eval.prequential;

import io.ddestream.testing.TestSettings;
import io.ddestream.engine.density.CalibrationSettings;
import io.ddestream.engine.density.DensitySettings;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.density.SigmaSelector;
import io.ddestream.engine.density.Standardizer;
import io.ddestream.engine.density.TrainerSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The score-then-learn protocol, with dde-stream's trainer and with Random Cut Forest, on small generated streams. */
class PrequentialTest {

    private static final List<String> FEATURES = List.of("a", "b");
    private static final DdeDetector.Protocol PROTOCOL = new DdeDetector.Protocol(200, 300, 20, 10, 100);

    /** A small, fast trainer configuration. */
    private static TrainerSettings settings(double sigma) {
        TrainingConfig training = new TrainingConfig(16, 2, 64, 1e-3, SigmaSchedule.constant(sigma), 1L, 1e4);
        return TrainerSettings.defaults("test").withDensity(DensitySettings.given(training,
                Standardizer.Method.QUANTILES, new CalibrationSettings(1000, 0.01), "test"));
    }

    /** 2-D standard normal points, then a tight cluster at (6, 6) that appears from {@code novelFrom} on. */
    private static double[][] stream(int n, int novelFrom, long seed) {
        Random rng = new Random(seed);
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = i < novelFrom ? new double[] {rng.nextGaussian(), rng.nextGaussian()}
                    : new double[] {6 + 0.1 * rng.nextGaussian(), 6 + 0.1 * rng.nextGaussian()};
        }
        return rows;
    }

    /** A detector that scores every point by a "model" that has already learned it: what the protocol forbids. */
    private static final class Clairvoyant implements StreamingDetector {
        private long learned;

        @Override
        public double score(double[] x) {
            return 0;
        }

        @Override
        public void learn(double[] x) {
            learned++;
        }

        @Override
        public long pointsSeenByScoringModel() {
            return learned + 1;
        }
    }

    @Test
    void shouldRefuseADetectorWhoseModelHasSeenThePointItScores() {
        double[][] rows = stream(10, 10, 1);

        assertThatThrownBy(() -> Prequential.run(rows, new boolean[10], new Clairvoyant(), 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("point 0");
    }

    @Test
    void shouldScoreEveryPointAfterTheWarmUpWithAModelTrainedOnEarlierPointsOnly() {
        // Given a stream of 700 points and a detector that records, at each score, what its model had seen
        double[][] rows = stream(700, 700, 2);
        DdeDetector dde = new DdeDetector(FEATURES, settings(0.5), SigmaSelector.Progress.NONE, PROTOCOL);
        List<long[]> seenAtScore = new ArrayList<>();
        StreamingDetector recording = new StreamingDetector() {
            long index;

            @Override
            public double score(double[] x) {
                double s = dde.score(x);
                seenAtScore.add(new long[] {index++, dde.pointsSeenByScoringModel(), Double.isNaN(s) ? 0 : 1});
                return s;
            }

            @Override
            public void learn(double[] x) {
                dde.learn(x);
            }

            @Override
            public long pointsSeenByScoringModel() {
                return dde.pointsSeenByScoringModel();
            }
        };

        // When
        Prequential.Result result = Prequential.run(rows, new boolean[700], recording, PROTOCOL.warmupPoints());

        // Then the warm-up is not scored, everything after it is, and never by a model that saw the point
        for (long[] s : seenAtScore) {
            boolean scored = s[2] == 1;
            assertThat(scored).as("point %d scored", s[0]).isEqualTo(s[0] >= PROTOCOL.warmupPoints());
            if (scored) {
                assertThat(s[1]).as("points seen by the model scoring point %d", s[0]).isLessThanOrEqualTo(s[0]);
            }
        }
        // a model after the warm-up, then one every 100 points: 200, 300, ..., 700
        assertThat(dde.models()).isEqualTo(6);
        assertThat(dde.steps()).isEqualTo(300 + 10 * (500 / 20));
        assertThat(result.scored()).isEqualTo(500);
        assertThat(result.rocAuc()).isNaN(); // no anomaly among the labels
    }

    @Test
    void shouldFindANovelClusterAnomalousWhenItFirstAppears() {
        // Given 600 normal points, then a cluster far from them
        double[][] rows = stream(700, 600, 3);
        boolean[] novel = new boolean[700];
        for (int i = 600; i < 700; i++) {
            novel[i] = true;
        }
        DdeDetector dde = new DdeDetector(FEATURES, settings(0.5), SigmaSelector.Progress.NONE, PROTOCOL);

        // When
        Prequential.Result result = Prequential.run(rows, novel, dde, PROTOCOL.warmupPoints());

        // Then its first point scores above every normal point since the warm-up: nothing had taught it
        double maxNormal = Double.NEGATIVE_INFINITY;
        for (int i = PROTOCOL.warmupPoints(); i < 600; i++) {
            maxNormal = Math.max(maxNormal, result.scores()[i]);
        }
        assertThat(result.scores()[600]).isGreaterThan(maxNormal);
        assertThat(result.rocAuc()).isGreaterThan(0.9);
    }

    @Test
    void shouldSelectSigmaOnTheWarmUpPointsWhenNoneIsGiven() {
        double[][] rows = stream(300, 300, 4);
        SigmaSelector.Settings selecting = SigmaSelector.Settings.defaults().withGrid(0.3, 1.0)
                .withStepsPerCandidate(100).withNormalizerSamples(1000);
        DdeDetector dde = new DdeDetector(FEATURES, TestSettings.selecting(settings(0.1), selecting),
                SigmaSelector.Progress.NONE, PROTOCOL);

        Prequential.run(rows, new boolean[300], dde, PROTOCOL.warmupPoints());

        assertThat(dde.sigmaSelection()).isPresent();
        assertThat(dde.sigmaSelection().get().points()).isEqualTo(PROTOCOL.warmupPoints());
        assertThat(dde.sigma()).isEqualTo(dde.sigmaSelection().get().chosen()).isIn(0.3, 1.0);
    }

    @Test
    void shouldScoreAnOutlierAboveInliersWithRandomCutForest() {
        double[][] rows = stream(600, 599, 5);
        boolean[] last = new boolean[600];
        last[599] = true;

        Prequential.Result result = Prequential.run(rows, last, new RcfDetector(2, 50, 256, 1), 256);

        assertThat(result.scored()).isEqualTo(344);
        assertThat(result.rocAuc()).isGreaterThan(0.99);
    }
}
