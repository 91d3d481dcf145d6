package io.ddestream.engine.dde;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LearningRateDecayTest {

    private final LearningRateDecay decay = new LearningRateDecay(0.5, 0.1);

    @Test
    void holdsTheInitialRateThenFallsGeometricallyToTheFinalFactor() {
        assertThat(decay.factorAt(0, 1000)).isEqualTo(1);
        assertThat(decay.factorAt(500, 1000)).isEqualTo(1);
        assertThat(decay.factorAt(750, 1000)).isCloseTo(Math.sqrt(0.1), within(1e-12));
        assertThat(decay.factorAt(1000, 1000)).isCloseTo(0.1, within(1e-12));
        assertThat(decay.factorAt(5000, 1000)).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void neverRisesAlongAFit() {
        double previous = 1;
        for (long step = 0; step <= 777; step++) {
            double factor = decay.factorAt(step, 777);
            assertThat(factor).isLessThanOrEqualTo(previous).isGreaterThanOrEqualTo(0.1);
            previous = factor;
        }
    }

    @Test
    void rejectsFactorsOutsideTheUnitInterval() {
        assertThatThrownBy(() -> new LearningRateDecay(0.2, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LearningRateDecay(1.5, 0.1)).isInstanceOf(IllegalArgumentException.class);
    }
}
