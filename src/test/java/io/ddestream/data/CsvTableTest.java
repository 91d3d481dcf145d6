package io.ddestream.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvTableTest {

    @TempDir Path dir;

    @Test
    void shouldReadBackExactlyTheValuesItWrote() {
        double[][] rows = {
            {0.1, -0.0, 1e-300},
            {Math.PI, Double.MAX_VALUE, -Double.MIN_VALUE},
            {1.0 / 3, 123456789.123456789, -7}
        };
        Path file = dir.resolve("values.csv");

        CsvTable.of(List.of("a", "b", "c"), rows).write(file);
        CsvTable read = CsvTable.read(file, Set.of());

        assertThat(read.columns()).containsExactly("a", "b", "c");
        assertThat(read.rows()).isDeepEqualTo(rows);
        assertThat(read.passthrough()).isEmpty();
        assertThat(read.source()).isEqualTo(file.toString());
    }

    @Test
    void shouldKeepIgnoredColumnsAsRawTextInFileOrder() throws IOException {
        Path file = write("id,x,label,y\nfirst,1,normal,2\n\"a, b\",3,anomaly,4\n");

        CsvTable table = CsvTable.read(file, Set.of("label", "id"));

        assertThat(table.columns()).containsExactly("x", "y");
        assertThat(table.rows()).isDeepEqualTo(new double[][] {{1, 2}, {3, 4}});
        assertThat(table.passthrough())
                .containsExactly(
                        Map.entry("id", List.of("first", "a, b")),
                        Map.entry("label", List.of("normal", "anomaly")));
    }

    @Test
    void shouldWritePassthroughColumnsAfterNumericOnesSoTheyReadBack() throws IOException {
        CsvTable table = CsvTable.read(write("id,x\nfirst,1.5\nsecond,2.5\n"), Set.of("id"));
        Path copy = dir.resolve("copy.csv");

        table.write(copy);
        CsvTable read = CsvTable.read(copy, Set.of("id"));

        assertThat(Files.readString(copy)).startsWith("x,id\n");
        assertThat(read.rows()).isDeepEqualTo(table.rows());
        assertThat(read.passthrough()).isEqualTo(table.passthrough());
    }

    @Test
    void shouldAcceptSpacesAroundNumbersAndAByteOrderMark() throws IOException {
        CsvTable table = CsvTable.read(write("\uFEFFx,y\n 1.5 , -2e3\n"), Set.of());

        assertThat(table.columns()).containsExactly("x", "y");
        assertThat(table.rows()).isDeepEqualTo(new double[][] {{1.5, -2000}});
    }

    @Test
    void shouldNameFileLineAndColumnForNonNumericCell() throws IOException {
        Path file = write("f1,f2,f3\n1,2,3\n4,5,abc\n");

        assertThatThrownBy(() -> CsvTable.read(file, Set.of()))
                .isInstanceOf(DataFileException.class)
                .hasMessage(file + " line 3, column \"f3\": \"abc\" is not a number");
    }

    @Test
    void shouldCountSkippedBlankLinesInLineNumbers() throws IOException {
        Path file = write("x\n1\n\n\nabc\n");

        assertThatThrownBy(() -> CsvTable.read(file, Set.of()))
                .hasMessageStartingWith(file + " line 5, column \"x\"");
    }

    @Test
    void shouldRejectEmptyCell() throws IOException {
        Path file = write("x,y\n1,\n");

        assertThatThrownBy(() -> CsvTable.read(file, Set.of()))
                .isInstanceOf(DataFileException.class)
                .hasMessage(file + " line 2, column \"y\": empty cell, expected a number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "nan", "Infinity", "-Infinity", "inf", "0x1p3", "1d", "1,5"})
    void shouldRejectNonFiniteAndNonDecimalValues(String cell) throws IOException {
        Path file = write("x\n\"" + cell + "\"\n");

        assertThatThrownBy(() -> CsvTable.read(file, Set.of()))
                .isInstanceOf(DataFileException.class)
                .hasMessage(file + " line 2, column \"x\": \"" + cell + "\" is not a number");
    }

    @Test
    void shouldRejectNumberTooLargeForADouble() throws IOException {
        Path file = write("x\n1e999\n");

        assertThatThrownBy(() -> CsvTable.read(file, Set.of()))
                .hasMessage(file + " line 2, column \"x\": \"1e999\" is too large for a double");
    }

    @Test
    void shouldReportExpectedAndActualCellCount() throws IOException {
        Path file = write("x,y,z\n1,2,3\n4,5\n");

        assertThatThrownBy(() -> CsvTable.read(file, Set.of()))
                .isInstanceOf(DataFileException.class)
                .hasMessage(file + " line 3: expected 3 cells, one per header column, found 2");
    }

    @Test
    void shouldReportMissingFile() {
        Path file = dir.resolve("absent.csv");

        assertThatThrownBy(() -> CsvTable.read(file, Set.of()))
                .isInstanceOf(DataFileException.class)
                .hasMessage("no such file: " + file);
    }

    @Test
    void shouldReportUnclosedQuote() throws IOException {
        Path file = write("x\n\"1\n");

        assertThatThrownBy(() -> CsvTable.read(file, Set.of()))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith("cannot read " + file + ": ")
                .hasMessageContaining("line 2");
    }

    @Test
    void shouldRejectFileThatIsNotUtf8() throws IOException {
        byte[] latin1 = "x,label\n1,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        Path file = Files.write(dir.resolve("latin1.csv"), latin1);

        assertThatThrownBy(() -> CsvTable.read(file, Set.of("label")))
                .isInstanceOf(DataFileException.class)
                .hasMessage(file + ": not UTF-8 text");
    }

    @Test
    void shouldRejectEmptyFile() throws IOException {
        Path file = write("");

        assertThatThrownBy(() -> CsvTable.read(file, Set.of()))
                .isInstanceOf(DataFileException.class)
                .hasMessage(file + ": empty file, expected a header line");
    }

    @Test
    void shouldRejectHeaderWithoutDataRows() throws IOException {
        Path file = write("x,y\n");

        assertThatThrownBy(() -> CsvTable.read(file, Set.of()))
                .isInstanceOf(DataFileException.class)
                .hasMessage(file + ": header only, no data rows");
    }

    @Test
    void shouldListAvailableColumnsWhenIgnoredColumnIsMissing() throws IOException {
        Path file = write("x,y\n1,2\n");

        assertThatThrownBy(() -> CsvTable.read(file, Set.of("label")))
                .isInstanceOf(DataFileException.class)
                .hasMessage(
                        file + ": cannot ignore column \"label\", not in the header;"
                                + " columns are \"x\", \"y\"");
    }

    @Test
    void shouldRejectDuplicateColumnNames() throws IOException {
        Path file = write("x,y,x\n1,2,3\n");

        assertThatThrownBy(() -> CsvTable.read(file, Set.of()))
                .isInstanceOf(DataFileException.class)
                .hasMessage(file + " line 1: duplicate column \"x\" in the header");
    }

    @Test
    void shouldRejectIgnoringEveryColumn() throws IOException {
        Path file = write("id\nfirst\n");

        assertThatThrownBy(() -> CsvTable.read(file, Set.of("id")))
                .isInstanceOf(DataFileException.class)
                .hasMessage(file + ": every column is ignored, none left to read");
    }

    @Test
    void shouldNotShareRowsWithTheCaller() {
        double[][] rows = {{1, 2}};
        CsvTable table = CsvTable.of(List.of("x", "y"), rows);

        rows[0][0] = 99;
        table.rows()[0][1] = 99;

        assertThat(table.rows()).isDeepEqualTo(new double[][] {{1, 2}});
        assertThat(table.rowCount()).isEqualTo(1);
        assertThat(table.source()).isEqualTo("<in-memory>");
    }

    @Test
    void shouldRejectRaggedRowsInMemory() {
        assertThatThrownBy(() -> CsvTable.of(List.of("x", "y"), new double[][] {{1, 2}, {3}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rows[1]: expected 2 values, one per column, found 1");
    }

    @Test
    void shouldRejectNonFiniteValuesInMemory() {
        assertThatThrownBy(() -> CsvTable.of(List.of("x", "y"), new double[][] {{1, Double.NaN}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rows[0], column \"y\" is NaN, expected a finite number");
    }

    @Test
    void shouldRejectEmptyOrDuplicateColumnsInMemory() {
        assertThatThrownBy(() -> CsvTable.of(List.of("x"), new double[0][]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a table needs at least one column and one row");
        assertThatThrownBy(() -> CsvTable.of(List.of("x", "x"), new double[][] {{1, 2}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicate column \"x\"");
    }

    private Path write(String content) throws IOException {
        return Files.writeString(dir.resolve("data.csv"), content, StandardCharsets.UTF_8);
    }
}
