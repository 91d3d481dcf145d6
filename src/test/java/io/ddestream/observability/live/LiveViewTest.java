package io.ddestream.observability.live;

import io.ddestream.engine.density.Score;
import io.ddestream.streaming.Point;
import io.ddestream.streaming.ScoreRecord;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LiveViewTest {

    private static final List<String> FEATURES = List.of("a", "b", "c");
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final LiveView view = new LiveView(FEATURES, clock::get);

    private static Point point(String id, double a, double b, double c) {
        return new Point(id, new double[] {a, b, c}, 5);
    }

    private static ScoreRecord scored(String id, double anomalyScore, boolean anomaly) {
        Score score = new Score(-anomalyScore, anomalyScore, anomaly ? 0.001 : 0.5, anomaly, 8.0,
                List.of(new Score.FeatureContribution("b", Score.Direction.HIGH, 0.8),
                        new Score.FeatureContribution("a", Score.Direction.LOW, 0.2)));
        return new ScoreRecord(id, ScoreRecord.Status.SCORED, 3, score, 5);
    }

    @Test
    void shouldJoinScoresToPointsByIdForColoursAndAnomalyRows() {
        // Given three points: one scored normal, one flagged, one not scored yet
        view.onPoint(point("n", 1, 2, 3), clock.get());
        view.onPoint(point("f", 9, 8, 7), clock.get());
        view.onPoint(point("u", 0, 0, 0), clock.get());
        view.onScore(scored("n", 2.0, false), clock.get());
        view.onScore(scored("f", 12.0, true), clock.get());

        // When the page asks for features c (x) and a (y)
        LiveSnapshot snapshot = view.snapshot(2, 0);

        // Then the points are projected on c and a, oldest first, with how they were scored
        assertThat(snapshot.points()).containsExactly(
                new LiveSnapshot.PlotPoint(3, 1, LiveSnapshot.PointStatus.NORMAL),
                new LiveSnapshot.PlotPoint(7, 9, LiveSnapshot.PointStatus.ANOMALY),
                new LiveSnapshot.PlotPoint(0, 0, LiveSnapshot.PointStatus.UNSCORED));
        // And the flagged point is listed with its values and its explanation
        assertThat(snapshot.anomalies()).hasSize(1);
        LiveSnapshot.Anomaly row = snapshot.anomalies().get(0);
        assertThat(row.id()).isEqualTo("f");
        assertThat(row.features()).containsExactly(9, 8, 7);
        assertThat(row.anomalyScore()).isEqualTo(12.0);
        assertThat(row.explanation()).extracting(Score.FeatureContribution::feature).containsExactly("b", "a");
        assertThat(snapshot.totals()).isEqualTo(new LiveSnapshot.Totals(3, 2, 1, 0, 0));
    }

    @Test
    void shouldListAnOutOfRangePointAsAnAnomalyWithoutAScore() {
        view.onPoint(point("far", 1e300, 0, 0), clock.get());
        view.onScore(new ScoreRecord("far", ScoreRecord.Status.OUT_OF_RANGE, 3, null, 5), clock.get());
        LiveSnapshot snapshot = view.snapshot(0, 1);
        assertThat(snapshot.anomalies()).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo("out_of_range");
            assertThat(a.anomalyScore()).isNull();
            assertThat(a.explanation()).isEmpty();
        });
        assertThat(snapshot.histogram().outOfRange()).isEqualTo(1);
        assertThat(snapshot.histogram().scored()).isZero();
    }

    @Test
    void shouldBinRecentScoresAroundTheThresholdAndCountFlaggedOnesPerBin() {
        // Given 1000 normal scores spread over [0, 5) and 10 flagged ones at 20, threshold 8
        for (int i = 0; i < 1000; i++) {
            view.onScore(scored("p" + i, i / 200.0, false), clock.get());
        }
        for (int i = 0; i < 10; i++) {
            view.onScore(scored("f" + i, 20, true), clock.get());
        }
        LiveSnapshot.Histogram h = view.snapshot(0, 1).histogram();
        // Then every score is in a bin, the flagged ones among them, and the threshold lies inside the range
        assertThat(Arrays.stream(h.counts()).sum()).isEqualTo(1010);
        assertThat(Arrays.stream(h.anomalies()).sum()).isEqualTo(10);
        assertThat(h.counts()).hasSize(LiveView.HISTOGRAM_BINS);
        assertThat(h.threshold()).isEqualTo(8.0);
        assertThat(h.lo()).isLessThan(0);
        assertThat(h.hi()).isGreaterThan(8.0);
        // And the flagged scores sit in bins beyond the threshold's
        double width = (h.hi() - h.lo()) / LiveView.HISTOGRAM_BINS;
        int thresholdBin = (int) Math.floor((h.threshold() - h.lo()) / width);
        assertThat(Arrays.stream(h.anomalies(), thresholdBin + 1, LiveView.HISTOGRAM_BINS).sum()).isEqualTo(10);
    }

    @Test
    void shouldRememberABoundedNumberOfPointsAndPlotTheNewest() {
        for (int i = 0; i < LiveView.REMEMBERED + 100; i++) {
            view.onPoint(point("p" + i, i, 0, 0), clock.get());
        }
        LiveSnapshot snapshot = view.snapshot(0, 1);
        assertThat(snapshot.points()).hasSize(LiveView.PLOTTED);
        assertThat(snapshot.points().get(LiveView.PLOTTED - 1).x()).isEqualTo(LiveView.REMEMBERED + 99);
        assertThat(snapshot.points().get(0).x()).isEqualTo(LiveView.REMEMBERED + 100 - LiveView.PLOTTED);
        // A score for a forgotten point still counts, but has no values to show
        view.onScore(scored("p0", 30, true), clock.get());
        assertThat(view.snapshot(0, 1).anomalies().get(0).features()).isNull();
    }

    @Test
    void shouldProjectSamplesAndMeasureRatesByRecordTime() {
        long now = clock.get();
        for (int i = 0; i < 30; i++) {
            view.onSample(point("s" + i, i, 2 * i, 3 * i), now - 2_000);
        }
        // A backlog from an hour ago counts in the totals, not in the rate
        view.onSample(point("old", 0, 0, 0), now - 3_600_000);
        LiveSnapshot snapshot = view.snapshot(1, 2);
        assertThat(snapshot.samples()).hasSize(31);
        assertThat(snapshot.samples().get(3)).containsExactly(6, 9);
        assertThat(snapshot.rates().samples()).isCloseTo(30.0 / LiveView.RATE_WINDOW_SECONDS, within(1e-9));
        assertThat(snapshot.totals().samples()).isEqualTo(31);
    }

    @Test
    void shouldKeepTheNewestModelVersionAndRefuseOtherFeatures() {
        view.onModel(TestDensityModels.untrained(FEATURES, 5));
        view.onModel(TestDensityModels.untrained(FEATURES, 4));
        assertThat(view.model().provenance().version()).isEqualTo(5);
        assertThat(view.snapshot(0, 1).model().version()).isEqualTo(5);
        assertThatThrownBy(() -> view.onModel(TestDensityModels.untrained(List.of("a", "b"), 6)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldComputeTheDensityGridOncePerModelVersionAndFeaturePair() {
        assertThat(view.density(0, 1, 16)).isNull();
        view.onModel(TestDensityModels.untrained(FEATURES, 1));
        DensityGrid first = view.density(0, 1, 16);
        assertThat(view.density(0, 1, 16)).isSameAs(first);
        assertThat(view.density(0, 2, 16)).isNotSameAs(first);
        view.onModel(TestDensityModels.untrained(FEATURES, 2));
        assertThat(view.density(0, 2, 16).modelVersion()).isEqualTo(2);
    }
}
