package io.ddestream.eval;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RocAucTest {

    @Test
    void shouldBeOneForPerfectSeparationAndZeroForReversed() {
        double[] scores = {0.1, 0.2, 0.9, 0.8};
        assertThat(RocAuc.of(scores, new boolean[] {false, false, true, true})).isEqualTo(1.0);
        assertThat(RocAuc.of(scores, new boolean[] {true, true, false, false})).isEqualTo(0.0);
    }

    @Test
    void shouldCountTiesAsHalf() {
        assertThat(RocAuc.of(new double[] {1, 1, 1, 1}, new boolean[] {true, false, true, false})).isEqualTo(0.5);
        // one anomaly tied with one of two normals, above the other: (1 + 0.5) / 2
        assertThat(RocAuc.of(new double[] {0, 1, 1}, new boolean[] {false, false, true})).isEqualTo(0.75);
    }

    @Test
    void shouldMatchTheDirectPairCountOnRandomData() {
        Random rng = new Random(1);
        double[] s = new double[300];
        boolean[] y = new boolean[300];
        for (int i = 0; i < s.length; i++) {
            y[i] = rng.nextDouble() < 0.2;
            s[i] = Math.round((rng.nextGaussian() + (y[i] ? 1 : 0)) * 4) / 4.0; // coarse, so ties happen
        }
        double pairs = 0;
        long count = 0;
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s.length; j++) {
                if (y[i] && !y[j]) {
                    pairs += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                    count++;
                }
            }
        }
        assertThat(RocAuc.of(s, y)).isCloseTo(pairs / count, within(1e-12));
    }

    @Test
    void shouldRefuseLabelsOfOneClass() {
        assertThatThrownBy(() -> RocAuc.of(new double[] {1, 2}, new boolean[] {false, false}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
