package io.ddestream.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ToyDistributionTest {

    @ParameterizedTest
    @EnumSource(ToyDistribution.class)
    void shouldDrawTheSamePointsForTheSameSeed(ToyDistribution toy) {
        double[][] first = toy.sample(100, new Random(7));

        assertThat(toy.sample(100, new Random(7))).isDeepEqualTo(first);
        assertThat(Arrays.deepEquals(toy.sample(100, new Random(8)), first)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ToyDistribution.class)
    void shouldDrawRequestedNumberOfTwoDimensionalPoints(ToyDistribution toy) {
        for (int n : new int[] {0, 1, 7}) {
            double[][] points = toy.sample(n, new Random(3));

            assertThat(points).hasNumberOfRows(n);
            assertThat(Arrays.asList(points))
                    .allSatisfy(point -> assertThat(point).hasSize(2));
        }
        assertThat(toy.columns()).containsExactly("x", "y");
    }

    @ParameterizedTest
    @EnumSource(ToyDistribution.class)
    void shouldResolveItsCliName(ToyDistribution toy) {
        assertThat(ToyDistribution.fromName(toy.cliName())).isSameAs(toy);
    }

    @Test
    void shouldListValidNamesForUnknownName() {
        assertThatThrownBy(() -> ToyDistribution.fromName("moons"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "unknown toy distribution \"moons\"; valid names are"
                                + " 8gaussians, 2spirals, checkerboard, rings");
    }

    @Test
    void shouldRejectNegativeCount() {
        assertThatThrownBy(() -> ToyDistribution.RINGS.sample(-1, new Random(0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldDrawCheckerboardOnlyFromBlackSquaresInEqualShares() {
        double[][] points = ToyDistribution.CHECKERBOARD.sample(16_000, new Random(2));
        int[] perSquare = new int[16];

        for (double[] point : points) {
            int column = (int) Math.floor(point[0] / 2);
            int row = (int) Math.floor(point[1] / 2);
            assertThat(column).isBetween(-2, 1);
            assertThat(row).isBetween(-2, 1);
            assertThat(Math.floorMod(column + row, 2)).as("square parity of %s", point).isZero();
            perSquare[4 * (column + 2) + row + 2]++;
        }

        assertThat(Arrays.stream(perSquare).filter(count -> count > 0))
                .hasSize(8)
                .allSatisfy(count -> assertThat(count).isCloseTo(2_000, within(200)));
    }

    @Test
    void shouldDrawSpiralArmsSymmetricAboutTheOrigin() {
        double[][] points = ToyDistribution.TWO_SPIRALS.sample(20_000, new Random(4));

        double meanX = Arrays.stream(points).mapToDouble(p -> p[0]).average().orElseThrow();
        double meanY = Arrays.stream(points).mapToDouble(p -> p[1]).average().orElseThrow();
        DoubleSummaryStatistics radius =
                Arrays.stream(points).mapToDouble(p -> Math.hypot(p[0], p[1])).summaryStatistics();

        assertThat(meanX).isCloseTo(0, within(0.05));
        assertThat(meanY).isCloseTo(0, within(0.05));
        // Before offsets and noise the radius is π·sqrt(U): mean 2π/3, at most π.
        assertThat(radius.getAverage()).isCloseTo(2 * Math.PI / 3, within(0.1));
        assertThat(radius.getMax()).isBetween(Math.PI - 0.2, Math.PI + 0.8);
    }

    @Test
    void shouldDrawRingPointsNearFourRadiiInEqualShares() {
        double[] radii = {0.75, 1.5, 2.25, 3};
        double[][] points = ToyDistribution.RINGS.sample(8_000, new Random(5));
        int[] perRing = new int[4];
        double squaredOffsets = 0;

        for (double[] point : points) {
            double radius = Math.hypot(point[0], point[1]);
            int ring = (int) Math.round(radius / 0.75) - 1;
            assertThat(ring).isBetween(0, 3);
            perRing[ring]++;
            squaredOffsets += (radius - radii[ring]) * (radius - radii[ring]);
        }

        assertThat(Arrays.stream(perRing))
                .allSatisfy(count -> assertThat(count).isCloseTo(2_000, within(150)));
        assertThat(Math.sqrt(squaredOffsets / points.length)).isCloseTo(0.08, within(0.01));
    }
}
