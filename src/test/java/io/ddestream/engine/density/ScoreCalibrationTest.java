package io.ddestream.engine.density;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ScoreCalibrationTest {

    private static final int N = 20_000;

    @Test
    void shouldGiveUniformPValuesToFreshScoresFromTheTrainingDistribution() {
        ScoreCalibration calibration = ScoreCalibration.fromScores(normalScores(N, 1));

        double[] fresh = normalScores(N, 2);
        for (double rate : new double[] {0.01, 0.05, 0.2, 0.5}) {
            long below = Arrays.stream(fresh).filter(s -> calibration.pValue(s) < rate).count();
            assertThat((double) below / N).as("rate %s", rate).isCloseTo(rate, within(rate == 0.01 ? 0.003 : 0.01));
        }
    }

    @Test
    void shouldAgreeWithTheExactConformalPValueMostCloselyInTheTail() {
        double[] training = normalScores(N, 3);
        ScoreCalibration calibration = ScoreCalibration.fromScores(training);

        for (double score : normalScores(500, 4)) {
            long atOrAbove = Arrays.stream(training).filter(s -> s >= score).count();
            double exact = (1.0 + atOrAbove) / (N + 1);
            // The sketch's centroids are largest mid-distribution and smallest in the tails.
            double tolerance = exact < 0.05 ? 1e-3 : 2.5e-3;
            assertThat(calibration.pValue(score)).as("score %s", score).isCloseTo(exact, within(tolerance));
        }
    }

    @Test
    void shouldKeepPValuesInTheOpenUnitIntervalEvenBeyondEveryTrainingScore() {
        ScoreCalibration calibration = ScoreCalibration.fromScores(normalScores(1000, 5));

        assertThat(calibration.pValue(1e9)).isEqualTo(1.0 / 1001);
        assertThat(calibration.pValue(-1e9)).isEqualTo(1.0);
        for (double score : normalScores(1000, 6)) {
            assertThat(calibration.pValue(score)).isGreaterThan(0).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void shouldFlagExactlyTheScoresAboveTheThreshold() {
        ScoreCalibration calibration = ScoreCalibration.fromScores(normalScores(N, 7));

        for (double rate : new double[] {0.001, 0.01, 0.05, 0.5, 0.9}) {
            double threshold = calibration.threshold(rate);
            for (double score : normalScores(2000, 8)) {
                assertThat(calibration.isAnomaly(score, rate)).as("score %s at rate %s", score, rate)
                        .isEqualTo(score > threshold);
            }
        }
        assertThat(calibration.threshold(0.05)).isCloseTo(1.645, within(0.05));
    }

    @Test
    void shouldSetNoFiniteThresholdForARateBelowTheSmallestPValue() {
        ScoreCalibration calibration = ScoreCalibration.fromScores(normalScores(99, 9));

        assertThat(calibration.threshold(0.005)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(calibration.isAnomaly(1e9, 0.005)).isFalse();
    }

    @Test
    void shouldBehaveTheSameAfterARoundTripThroughItsCentroids() {
        ScoreCalibration calibration = ScoreCalibration.fromScores(normalScores(N, 10));

        ScoreCalibration restored = ScoreCalibration.fromCentroids(calibration.centroidMeans(),
                calibration.centroidCounts());

        assertThat(restored.count()).isEqualTo(N);
        for (double score : normalScores(1000, 11)) {
            assertThat(restored.pValue(score)).isCloseTo(calibration.pValue(score), within(1e-3));
        }
        assertThat(restored.threshold(0.01)).isEqualTo(calibration.threshold(0.01));
    }

    @Test
    void shouldMatchTheBatchCalibrationWhenStreamingTheSameScores() {
        double[] scores = normalScores(5000, 12);
        ScoreCalibrator calibrator = new ScoreCalibrator();
        for (double score : scores) {
            calibrator.add(score);
        }

        ScoreCalibration streamed = calibrator.freeze();

        assertThat(calibrator.count()).isEqualTo(5000);
        assertThat(streamed.centroidMeans()).containsExactly(ScoreCalibration.fromScores(scores).centroidMeans());
    }

    @Test
    void shouldCalibrateTiedScores() {
        double[] scores = new double[100];
        Arrays.fill(scores, 2.0);

        ScoreCalibration calibration = ScoreCalibration.fromScores(scores);

        assertThat(calibration.centroidMeans()).containsExactly(2.0);
        assertThat(calibration.pValue(1.0)).isEqualTo(1.0);
        assertThat(calibration.pValue(3.0)).isEqualTo(1.0 / 101);
        assertThat(calibration.isAnomaly(3.0, 0.05)).isTrue();
        assertThat(calibration.isAnomaly(2.0, 0.05)).isFalse();
    }

    @Test
    void shouldRejectNonFiniteScores() {
        ScoreCalibrator calibrator = new ScoreCalibrator();
        ScoreCalibration calibration = ScoreCalibration.fromScores(new double[] {1, 2, 3});

        assertThatThrownBy(() -> calibrator.add(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> calibrator.add(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> calibration.pValue(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScoreCalibration.fromScores(new double[] {1, Double.NEGATIVE_INFINITY}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(calibrator::freeze).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRejectMalformedCentroids() {
        assertThatThrownBy(() -> ScoreCalibration.fromCentroids(new double[] {2, 1}, new long[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sorted");
        assertThatThrownBy(() -> ScoreCalibration.fromCentroids(new double[] {1, 2}, new long[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScoreCalibration.fromCentroids(new double[] {1}, new long[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static double[] normalScores(int n, long seed) {
        Random rng = new Random(seed);
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = rng.nextGaussian();
        }
        return scores;
    }

    @Test
    void shouldCalibrateOnManyNearlyTiedScores() {
        // t-digest merges ties into centroids whose means can be out of order by a rounding error.
        double[] scores = new double[20_000];
        java.util.Random rng = new java.util.Random(4);
        for (int i = 0; i < scores.length; i++) {
            scores[i] = i % 3 == 0 ? -3.8016855702580297 + (rng.nextBoolean() ? 0 : 1e-15) : rng.nextGaussian();
        }
        ScoreCalibration calibration = ScoreCalibration.fromScores(scores);
        assertThat(calibration.count()).isEqualTo(scores.length);
        assertThat(calibration.pValue(-3.8)).isBetween(0.0, 1.0);
    }

    @Test
    void theMinimumPointsToFlagAreWhereTheThresholdBecomesFinite() {
        for (double rate : new double[] {0.5, 0.1, 0.05, 0.01, 0.003, 0.001}) {
            int needed = ScoreCalibration.minimumPointsToFlag(rate);
            assertThat(thresholdOn(needed, rate)).as("rate %s, %d points", rate, needed).isFinite();
            assertThat(thresholdOn(needed - 1, rate)).as("rate %s, %d points", rate, needed - 1).isInfinite();
        }
    }

    private static double thresholdOn(int points, double rate) {
        ScoreCalibrator calibrator = new ScoreCalibrator();
        for (int i = 0; i < points; i++) {
            calibrator.add(i);
        }
        return calibrator.freeze().threshold(rate);
    }
}
