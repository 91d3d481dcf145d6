package io.ddestream.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnomalyLabelsTest {

    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"1", "1.0", "true", "TRUE", "True", " 1 "})
    void shouldReadAnAnomaly(String cell) {
        assertThat(AnomalyLabels.parse(cell)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.0", "false", "FALSE", "False", " 0.0"})
    void shouldReadANormalPoint(String cell) {
        assertThat(AnomalyLabels.parse(cell)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2", "0.5", "-1", "yes", "1.00", "t", "anomaly"})
    void shouldRejectAnythingElse(String cell) {
        assertThatThrownBy(() -> AnomalyLabels.parse(cell))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("\"" + cell + "\" is not a label");
    }

    @Test
    void shouldReadEveryRowOfALabelColumnInOrder() throws IOException {
        Path file = write("x,label\n1,0\n2,true\n3,0.0\n4,1\n5,False\n6,1.0\n");

        boolean[] labels = AnomalyLabels.read(CsvTable.read(file, Set.of("label")), "label");

        assertThat(labels).containsExactly(false, true, false, true, false, true);
    }

    @Test
    void shouldNameTheFileLineAndColumnOfABadLabelCountingBlankLines() throws IOException {
        Path file = write("x,label\n1,0\n\n2,1\n3,maybe\n");
        CsvTable table = CsvTable.read(file, Set.of("label"));

        assertThatThrownBy(() -> AnomalyLabels.read(table, "label"))
                .isInstanceOf(DataFileException.class)
                .hasMessage(file + " line 5, column \"label\": \"maybe\" is not a label, expected 1 or 0, "
                        + "1.0 or 0.0, true or false");
    }

    @Test
    void shouldRejectAColumnThatWasNotKeptAsText() throws IOException {
        Path file = write("x,label\n1,0\n");
        CsvTable table = CsvTable.read(file, Set.of());

        assertThatThrownBy(() -> AnomalyLabels.read(table, "label"))
                .isInstanceOf(DataFileException.class)
                .hasMessage(file + ": no column \"label\" to take labels from");
    }

    @Test
    void shouldGiveTheLinesOfAnInMemoryTableAsWriteLaysThemOut() {
        CsvTable table = CsvTable.of(List.of("x"), new double[][] {{1}, {2}});

        assertThat(table.line(0)).isEqualTo(2);
        assertThat(table.line(1)).isEqualTo(3);
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("labelled.csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
