package io.ddestream.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes CSV one row at a time, so that a command can stream its output: the header on creation,
 * then rows of mixed values.
 *
 * <p>Each value is written as {@link String#valueOf(Object)}, which for a {@code double} has enough
 * digits to parse back to exactly the same value; {@code null} is written as an empty cell. Cells
 * are quoted only when they need it. Write failures are thrown as {@link UncheckedIOException}.
 */
public final class CsvRowWriter implements AutoCloseable {

    // Unix line endings: the output is meant for shell pipelines as much as for spreadsheets.
    private static final CSVFormat FORMAT =
            CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build();

    private final CSVPrinter printer;
    private final int width;

    /**
     * Starts writing to {@code out} with the given header. {@link #close()} closes {@code out} if
     * it is {@link java.io.Closeable}.
     */
    public CsvRowWriter(Appendable out, List<String> columns) {
        width = columns.size();
        try {
            printer = new CSVPrinter(out, FORMAT);
            printer.printRecord(columns);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates or replaces a UTF-8 file and writes the given header to it. */
    public static CsvRowWriter open(Path file, List<String> columns) {
        try {
            return new CsvRowWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), columns);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes one row.
     *
     * @throws IllegalArgumentException if there is not one value per header column
     */
    public void writeRow(List<?> values) {
        if (values.size() != width) {
            throw new IllegalArgumentException(
                    "expected %d values, one per column, found %d".formatted(width, values.size()));
        }
        try {
            printer.printRecord(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            printer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
