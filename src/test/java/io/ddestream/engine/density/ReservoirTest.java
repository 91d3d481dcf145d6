package io.ddestream.engine.density;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * How fast a reservoir turns over after the stream changes: a uniform one needs as many new rows as came before,
 * one with a horizon H keeps a share of about {@code exp(-k / H)} of old rows after k new ones.
 */
class ReservoirTest {

    private static final int CAPACITY = 2000;

    /** The share of old rows (value 0) after {@code before} old and {@code after} new (value 1) offers. */
    private static double oldShare(Reservoir reservoir, int before, int after) {
        for (int i = 0; i < before; i++) {
            reservoir.offer(new double[] {0});
        }
        for (int i = 0; i < after; i++) {
            reservoir.offer(new double[] {1});
        }
        int old = 0;
        for (int slot = 0; slot < reservoir.size(); slot++) {
            old += reservoir.row(slot)[0] == 0 ? 1 : 0;
        }
        return old / (double) reservoir.size();
    }

    @Test
    void shouldStayUniformOverTheWholeStreamWithoutAHorizon() {
        assertThat(oldShare(new Reservoir(CAPACITY, 1), 20_000, 20_000)).isCloseTo(0.5, within(0.04));
    }

    @Test
    void shouldForgetExponentiallyWithAHorizon() {
        Reservoir reservoir = new Reservoir(CAPACITY, 4000, 1);

        double share = oldShare(reservoir, 20_000, 4000);

        assertThat(share).isCloseTo(Math.exp(-1), within(0.04));
        assertThat(reservoir.size()).isEqualTo(CAPACITY);
        assertThat(reservoir.offered()).isEqualTo(24_000);
    }

    @Test
    void shouldKeepItsHorizonWhenRestored() {
        Reservoir reservoir = new Reservoir(CAPACITY, CAPACITY, 1);
        oldShare(reservoir, 10_000, 0);
        Reservoir restored = Reservoir.restore(CAPACITY, CAPACITY, reservoir.rows(), reservoir.offered(), 2);

        assertThat(oldShare(restored, 0, 2 * CAPACITY)).isCloseTo(Math.exp(-2), within(0.04));
    }

    @Test
    void shouldRefuseAHorizonShorterThanItsCapacity() {
        assertThatThrownBy(() -> new Reservoir(CAPACITY, CAPACITY - 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("horizon");
        assertThatThrownBy(() -> TrainerSettings.defaults("test").withReservoirHorizon(100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reservoir horizon");
    }
}
