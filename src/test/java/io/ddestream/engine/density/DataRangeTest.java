package io.ddestream.engine.density;

import io.ddestream.engine.snapshot.Snapshot;
import io.ddestream.engine.snapshot.SnapshotFormatException;
import io.ddestream.engine.snapshot.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The range of a model's calibration points: recorded by {@link DensityModel#calibratedOn}, kept by the model file
 * as two optional tensors, absent (and not an error) in files written before it was kept.
 */
class DataRangeTest {

    private static DensityModel golden;

    @BeforeAll
    static void readGoldenModel() throws IOException {
        try (InputStream in = DataRangeTest.class.getResourceAsStream("/model/density-model-v1.ddesnap")) {
            golden = DensityModelCodec.decode(in.readAllBytes());
        }
    }

    @Test
    void shouldBeUnknownForAModelSavedBeforeRangesWereKept() {
        assertThat(golden.dataRange()).isEmpty();
    }

    @Test
    void shouldBeThatOfTheCalibrationPointsInStandardizedUnits() {
        double[][] rows = {{0, 1}, {2, -3}, {1, 5}};

        DensityModel model = calibrated(rows);

        DataRange range = model.dataRange().orElseThrow();
        Standardizer s = golden.standardizer();
        assertThat(range.lower()).containsExactly((0 - s.mean()[0]) / s.std()[0], (-3 - s.mean()[1]) / s.std()[1]);
        assertThat(range.upper()).containsExactly((2 - s.mean()[0]) / s.std()[0], (5 - s.mean()[1]) / s.std()[1]);
        assertThat(model.withFalseAlarmRate(0.05).dataRange()).contains(range);
    }

    @Test
    void shouldSurviveTheModelFile() {
        DensityModel model = calibrated(new double[][] {{0, 1}, {2, -3}});

        DensityModel read = DensityModelCodec.decode(DensityModelCodec.encode(model));

        assertThat(read.dataRange()).isEqualTo(model.dataRange());
        assertThat(DensityModelCodec.decode(DensityModelCodec.encode(golden)).dataRange()).isEmpty();
    }

    @Test
    void shouldRejectAHalfOrInvertedRange() {
        Snapshot snapshot = DensityModelCodec.toSnapshot(calibrated(new double[][] {{0, 1}, {2, -3}}));

        assertThatThrownBy(() -> DensityModelCodec.fromSnapshot(edit(snapshot, t -> t.name().equals(
                DensityModelCodec.RANGE_UPPER) ? null : t))).isInstanceOf(SnapshotFormatException.class)
                .hasMessage("missing tensor 'data_range.upper'");
        assertThatThrownBy(() -> DensityModelCodec.fromSnapshot(edit(snapshot, t -> t.name().equals(
                DensityModelCodec.RANGE_LOWER) ? Tensor.ofDoubles(t.name(), t.shape(), new double[] {9, 9}) : t)))
                .isInstanceOf(SnapshotFormatException.class).hasMessageContaining("inconsistent data range");
        assertThatThrownBy(() -> DensityModelCodec.fromSnapshot(edit(snapshot, t -> t.name().equals(
                DensityModelCodec.RANGE_LOWER) ? Tensor.ofDoubles(t.name(), t.shape(), new double[] {Double.NaN, 0})
                : t))).isInstanceOf(SnapshotFormatException.class)
                .hasMessage("data_range.lower holds a non-finite value");
    }

    private static DensityModel calibrated(double[][] rows) {
        return DensityModel.calibratedOn(rows, golden.features(), golden.standardizer(), golden.network(),
                golden.sigma(), golden.logPartition(), golden.falseAlarmRate(), golden.provenance());
    }

    /** The snapshot with each tensor replaced as {@code edit} says (null drops it). */
    private static Snapshot edit(Snapshot snapshot, UnaryOperator<Tensor> edit) {
        Snapshot.Builder builder = Snapshot.builder(snapshot.kind()).metadata(snapshot.metadata());
        for (Tensor t : snapshot.tensors()) {
            Tensor edited = edit.apply(t);
            if (edited != null) {
                builder.tensor(edited);
            }
        }
        return builder.build();
    }
}
