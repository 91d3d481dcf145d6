package io.ddestream.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRowWriterTest {

    @Test
    void shouldWriteHeaderThenMixedValuesWithFullPrecision() {
        StringWriter out = new StringWriter();

        try (CsvRowWriter writer = new CsvRowWriter(out, List.of("id", "score", "anomaly"))) {
            writer.writeRow(List.of("a, \"b\"", 0.1 + 0.2, true));
            writer.writeRow(Arrays.asList(null, -1e-300, false));
        }

        assertThat(out)
                .hasToString(
                        "id,score,anomaly\n"
                                + "\"a, \"\"b\"\"\",0.30000000000000004,true\n"
                                + ",-1.0E-300,false\n");
    }

    @Test
    void shouldRejectRowWithoutOneValuePerColumn() {
        try (CsvRowWriter writer = new CsvRowWriter(new StringWriter(), List.of("x", "y"))) {
            assertThatThrownBy(() -> writer.writeRow(List.of(1.0)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("expected 2 values, one per column, found 1");
        }
    }
}
