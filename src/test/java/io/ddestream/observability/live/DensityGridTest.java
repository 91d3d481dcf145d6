package io.ddestream.observability.live;

import io.ddestream.engine.density.DensityModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DensityGridTest {

    private final DensityModel model = TestDensityModels.untrained(List.of("a", "b", "c"), 4);

    @Test
    void shouldEvaluateTheModelAtCellCentresOfASliceThroughTheOtherFeaturesMeans() {
        // Given a 3-feature model (means 1, 2, 3; stds 0.5, 1, 1.5)
        // When the grid over c (x) and a (y) is computed
        DensityGrid grid = DensityGrid.of(model, 2, 0, 8);

        // Then it spans 3.5 stds either side of each plotted feature's mean
        assertThat(grid.xMin()).isCloseTo(3 - 3.5 * 1.5, within(1e-12));
        assertThat(grid.xMax()).isCloseTo(3 + 3.5 * 1.5, within(1e-12));
        assertThat(grid.yMin()).isCloseTo(1 - 3.5 * 0.5, within(1e-12));
        assertThat(grid.modelVersion()).isEqualTo(4);
        assertThat(grid.threshold()).isEqualTo(model.threshold());
        assertThat(grid.slice()).containsExactly(1, 2, 3);
        // And cell (row 5, column 2) is the density at its centre, with b at its mean
        double dx = (grid.xMax() - grid.xMin()) / 8;
        double dy = (grid.yMax() - grid.yMin()) / 8;
        double[] centre = {grid.yMin() + 5.5 * dy, 2, grid.xMin() + 2.5 * dx};
        assertThat(grid.logDensity()).hasSize(64);
        assertThat(grid.logDensity()[5 * 8 + 2]).isCloseTo(model.logDensity(new double[][] {centre})[0],
                within(1e-9));
        assertThat(grid.max()).isGreaterThanOrEqualTo(grid.min());
    }

    @Test
    void shouldRejectTheSameFeatureTwiceAndUnreasonableSizes() {
        assertThatThrownBy(() -> DensityGrid.of(model, 1, 1, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DensityGrid.of(model, 0, 3, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DensityGrid.of(model, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DensityGrid.of(model, 0, 1, 257)).isInstanceOf(IllegalArgumentException.class);
    }
}
