package io.ddestream.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
 * are quoted only when they need it. Write failures are thrown as {@link UncheckedIOException}, naming the file.
 */
public final class CsvRowWriter implements AutoCloseable {

    // Unix line endings: the output is meant for shell pipelines as much as for spreadsheets.
    private static final CSVFormat FORMAT =
            CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build();

    private final CSVPrinter printer;
    private final int width;
    /** What write errors name: the file, or "the output". */
    private final String destination;

    /**
     * Starts writing to {@code out} with the given header. {@link #close()} closes {@code out} if
     * it is {@link java.io.Closeable}.
     */
    public CsvRowWriter(Appendable out, List<String> columns) {
        this(out, columns, "the output");
    }

    private CsvRowWriter(Appendable out, List<String> columns, String destination) {
        this.width = columns.size();
        this.destination = destination;
        try {
            printer = new CSVPrinter(out, FORMAT);
            printer.printRecord(columns);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /**
     * Creates or replaces a UTF-8 file and writes the given header to it.
     *
     * @throws DataFileException if the file cannot be created (a directory, a missing directory, not permitted),
     *     naming it
     */
    public static CsvRowWriter open(Path file, List<String> columns) {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new DataFileException(name + ": is a directory; give the output a file name");
        }
        try {
            return new CsvRowWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), columns, name);
        } catch (NoSuchFileException e) {
            throw new DataFileException("cannot write " + name + ": no such directory: "
                    + file.toAbsolutePath().getParent(), e);
        } catch (AccessDeniedException e) {
            throw new DataFileException("cannot write " + name + ": permission denied", e);
        } catch (IOException e) {
            throw new DataFileException("cannot write " + name + ": " + e.getMessage(), e);
        }
    }

    /** A write failure (a full disk, a closed pipe) as one that says where it was writing. */
    private UncheckedIOException failed(IOException e) {
        return new UncheckedIOException("cannot write " + destination + ": " + e.getMessage(), e);
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
            throw failed(e);
        }
    }

    @Override
    public void close() {
        try {
            printer.close();
        } catch (IOException e) {
            throw failed(e);
        }
    }
}
