package io.ddestream.engine.density;

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
}
