package io.ddestream.engine.generator;

import io.ddestream.engine.density.Standardizer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SupportWallTest {

    @Test
    void pushesBackOnlyWhatLiesBeyondTheWidenedSupport() {
        // Given the box [-1, 2] x [0, 1], widened by 0.5, with curvature 10
        SupportWall wall = new SupportWall(new Support(new double[] {-1, 0}, new double[] {2, 1}), 0.5, 10, 3);
        INDArray x = Nd4j.createFromArray(new float[][] {{0, 0.5f}, {3, 1.2f}, {-2, -1}});
        INDArray gradient = Nd4j.createFromArray(new float[][] {{1, 1}, {1, 1}, {1, 1}});

        wall.addGradient(x, gradient);

        // Then points inside keep their gradient; outside, it gains 10 * (x - clamp(x)) per coordinate.
        float[][] g = gradient.toFloatMatrix();
        assertThat(g[0]).containsExactly(1, 1);
        assertThat((double) g[1][0]).isCloseTo(1 + 10 * (3 - 2.5), within(1e-5));
        assertThat((double) g[1][1]).isCloseTo(1, within(1e-5));
        assertThat((double) g[2][0]).isCloseTo(1 + 10 * (-2 + 1.5), within(1e-5));
        assertThat((double) g[2][1]).isCloseTo(1 + 10 * (-1 + 0.5), within(1e-5));
    }

    @Test
    void theSupportIsTheStandardizedRangeOfTheRows() {
        double[][] rows = {{10, 1}, {20, 3}, {30, 2}};
        Standardizer standardizer = Standardizer.of(new double[] {20, 2}, new double[] {10, 1});

        Support support = Support.of(rows, standardizer);

        assertThat(support.lower()).containsExactly(-1, -1);
        assertThat(support.upper()).containsExactly(1, 1);
    }

    @Test
    void rejectsInvertedOrMismatchedBounds() {
        assertThatThrownBy(() -> new Support(new double[] {1}, new double[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("feature 0");
        assertThatThrownBy(() -> new Support(new double[] {0, 0}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
