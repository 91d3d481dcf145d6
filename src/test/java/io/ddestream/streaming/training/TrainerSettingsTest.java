package io.ddestream.streaming.training;

import io.ddestream.engine.density.ScoreCalibrator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainerSettingsTest {

    @Test
    void refusesAWarmUpTooSmallToFlagAnythingAtItsFalseAlarmRate() {
        TrainerSettings defaults = TrainerSettings.defaults("test"); // flags at 1%
        assertThatThrownBy(() -> defaults.withWarmup(99, 1000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot flag anything at a false-alarm rate of 0.01")
                .hasMessageContaining("at least 100 points");
        assertThat(defaults.withWarmup(100, 1000).warmupPoints()).isEqualTo(100);
    }

    @Test
    void theMinimumWarmUpIsWhereTheCalibratedThresholdBecomesFinite() {
        for (double rate : new double[] {0.5, 0.1, 0.05, 0.01, 0.003, 0.001}) {
            int needed = TrainerSettings.minimumCalibrationPoints(rate);
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
