package io.ddestream.data;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * An immutable table of finite numbers with named columns, stored row-major, with at least one
 * column and one row.
 *
 * <p>When read from a CSV file, the columns the caller chooses to ignore are not parsed as numbers:
 * their raw text is kept as <em>passthrough</em> columns, so that a command can carry an {@code id}
 * or {@code label} column through to its output or to an evaluation.
 */
public final class CsvTable {

    private static final String IN_MEMORY = "<in-memory>";
    private static final char BYTE_ORDER_MARK = '\uFEFF';
    // Plain decimal notation only: Double.parseDouble would also take "NaN", "Infinity", hex floats
    // and type suffixes such as "1d", none of which belongs in a data file.
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final String source;
    private final List<String> columns;
    private final double[][] rows;
    private final Map<String, List<String>> passthrough;
    // The file line of each row (blank lines count), so that checks of passthrough cells name the right line.
    private final long[] lines;

    private CsvTable(
            String source,
            List<String> columns,
            double[][] rows,
            Map<String, List<String>> passthrough,
            long[] lines) {
        this.source = source;
        this.columns = columns;
        this.rows = rows;
        this.passthrough = passthrough;
        this.lines = lines;
    }

    /**
     * Builds a table from values in memory, copying them.
     *
     * @throws IllegalArgumentException if there are no columns or rows, a column name repeats, a
     *     row has not one value per column, or a value is NaN or infinite
     */
    public static CsvTable of(List<String> columns, double[][] rows) {
        if (columns.isEmpty() || rows.length == 0) {
            throw new IllegalArgumentException("a table needs at least one column and one row");
        }
        Optional<String> duplicate = firstDuplicate(columns);
        if (duplicate.isPresent()) {
            throw new IllegalArgumentException("duplicate column \"" + duplicate.get() + "\"");
        }
        double[][] copy = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != columns.size()) {
                throw new IllegalArgumentException(
                        "rows[%d]: expected %d values, one per column, found %d"
                                .formatted(i, columns.size(), rows[i].length));
            }
            for (int j = 0; j < columns.size(); j++) {
                if (!Double.isFinite(rows[i][j])) {
                    throw new IllegalArgumentException(
                            "rows[%d], column \"%s\" is %s, expected a finite number"
                                    .formatted(i, columns.get(j), rows[i][j]));
                }
            }
            copy[i] = rows[i].clone();
        }
        // Lines as write() lays them out: the header on line 1, then one row per line.
        long[] lines = LongStream.range(0, rows.length).map(i -> i + 2).toArray();
        return new CsvTable(IN_MEMORY, List.copyOf(columns), copy, Map.of(), lines);
    }

    /**
     * Reads a UTF-8 CSV file whose first line is the header. Every column not in {@code
     * ignoredColumns} must hold a finite decimal number in every row; surrounding spaces are
     * allowed. Blank lines are skipped but still counted, so line numbers in errors match the file.
     *
     * @param ignoredColumns columns kept as raw text in {@link #passthrough()}; each must exist
     * @throws DataFileException if the file is missing or unreadable, has no header or no data
     *     rows, its header repeats a name or lacks an ignored column, a row has the wrong number of
     *     cells, a cell is not a finite number, or no column is left to parse as numbers
     */
    public static CsvTable read(Path file, Set<String> ignoredColumns) {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw new DataFileException(source + ": is a directory, not a CSV file");
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVFormat.DEFAULT.parse(reader)) {
            return parse(source, parser, ignoredColumns);
        } catch (IOException e) {
            throw unreadable(source, e);
        } catch (UncheckedIOException e) {
            // The parser's iterator wraps what goes wrong while reading, such as an unclosed quote.
            throw unreadable(source, e.getCause());
        }
    }

    private static DataFileException unreadable(String source, IOException e) {
        String message;
        if (e instanceof NoSuchFileException) {
            message = "no such file: " + source;
        } else if (e instanceof AccessDeniedException) {
            message = "permission denied: " + source;
        } else if (e instanceof CharacterCodingException) {
            message = source + ": not UTF-8 text";
        } else {
            message = "cannot read " + source + ": " + e.getMessage();
        }
        return new DataFileException(message, e);
    }

    private static CsvTable parse(String source, CSVParser parser, Set<String> ignoredColumns) {
        Iterator<CSVRecord> records = parser.iterator();
        if (!records.hasNext()) {
            throw new DataFileException(source + ": empty file, expected a header line");
        }
        List<String> header = headerOf(records.next());
        checkHeader(source, header, ignoredColumns);
        int[] numericCells = cellsWhere(header, name -> !ignoredColumns.contains(name));
        int[] passthroughCells = cellsWhere(header, ignoredColumns::contains);
        if (numericCells.length == 0) {
            throw new DataFileException(source + ": every column is ignored, none left to read");
        }

        List<double[]> rows = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        List<List<String>> passthroughValues = new ArrayList<>();
        for (int k = 0; k < passthroughCells.length; k++) {
            passthroughValues.add(new ArrayList<>());
        }
        while (records.hasNext()) {
            CSVRecord record = records.next();
            long line = parser.getCurrentLineNumber();
            if (record.size() != header.size()) {
                throw new DataFileException(
                        "%s line %d: expected %d cells, one per header column, found %d"
                                .formatted(source, line, header.size(), record.size()));
            }
            double[] row = new double[numericCells.length];
            for (int j = 0; j < row.length; j++) {
                try {
                    row[j] = parseNumber(record.get(numericCells[j]));
                } catch (NumberFormatException e) {
                    String column = header.get(numericCells[j]);
                    throw new DataFileException(
                            "%s line %d, column \"%s\": %s"
                                    .formatted(source, line, column, e.getMessage()));
                }
            }
            rows.add(row);
            lines.add(line);
            for (int k = 0; k < passthroughCells.length; k++) {
                passthroughValues.get(k).add(record.get(passthroughCells[k]));
            }
        }
        if (rows.isEmpty()) {
            throw new DataFileException(source + ": header only, no data rows");
        }

        Map<String, List<String>> passthrough = new LinkedHashMap<>();
        for (int k = 0; k < passthroughCells.length; k++) {
            passthrough.put(header.get(passthroughCells[k]), List.copyOf(passthroughValues.get(k)));
        }
        return new CsvTable(
                source,
                Arrays.stream(numericCells).mapToObj(header::get).toList(),
                rows.toArray(double[][]::new),
                Collections.unmodifiableMap(passthrough),
                lines.stream().mapToLong(Long::longValue).toArray());
    }

    private static int[] cellsWhere(List<String> header, Predicate<String> wanted) {
        return IntStream.range(0, header.size())
                .filter(cell -> wanted.test(header.get(cell)))
                .toArray();
    }

    private static List<String> headerOf(CSVRecord record) {
        List<String> header = new ArrayList<>(record.toList());
        // Spreadsheets often save UTF-8 with a byte order mark, which would stick to the first
        // name.
        String first = header.get(0);
        if (!first.isEmpty() && first.charAt(0) == BYTE_ORDER_MARK) {
            header.set(0, first.substring(1));
        }
        return header;
    }

    private static void checkHeader(String source, List<String> header, Set<String> ignored) {
        Optional<String> duplicate = firstDuplicate(header);
        if (duplicate.isPresent()) {
            throw new DataFileException(
                    "%s line 1: duplicate column \"%s\" in the header"
                            .formatted(source, duplicate.get()));
        }
        for (String name : ignored) {
            if (!header.contains(name)) {
                throw new DataFileException(
                        "%s: cannot ignore column \"%s\", not in the header; columns are %s"
                                .formatted(source, name, quoted(header)));
            }
        }
    }

    /** Parses a finite decimal number, or throws with a message that quotes the cell. */
    private static double parseNumber(String cell) {
        String text = cell.strip();
        if (text.isEmpty()) {
            throw new NumberFormatException("empty cell, expected a number");
        }
        if (!DECIMAL.matcher(text).matches()) {
            throw new NumberFormatException("\"" + cell + "\" is not a number");
        }
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
            throw new NumberFormatException("\"" + cell + "\" is too large for a double");
        }
        return value;
    }

    private static Optional<String> firstDuplicate(List<String> names) {
        Set<String> seen = new HashSet<>();
        return names.stream().filter(name -> !seen.add(name)).findFirst();
    }

    private static String quoted(List<String> names) {
        return names.stream().map(name -> "\"" + name + "\"").collect(Collectors.joining(", "));
    }

    /** The file the table was read from, as given to {@link #read}, or {@code <in-memory>}. */
    public String source() {
        return source;
    }

    /** The names of the numeric columns, in file order. */
    public List<String> columns() {
        return columns;
    }

    public int rowCount() {
        return rows.length;
    }

    /**
     * The line of the file that holds row {@code row} (line 1 being the header; blank lines count), for
     * messages about its cells; for a table built in memory, the line {@link #write} puts it on.
     */
    public long line(int row) {
        return lines[row];
    }

    /** A copy of the values, one array per row, in the order of {@link #columns()}. */
    public double[][] rows() {
        double[][] copy = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            copy[i] = rows[i].clone();
        }
        return copy;
    }

    /**
     * The ignored columns by name, in file order, each with its raw cell text for every row; empty
     * for a table built in memory.
     */
    public Map<String, List<String>> passthrough() {
        return passthrough;
    }

    /**
     * Writes the table as CSV: the numeric columns, then the passthrough columns. Reading the file
     * back with the passthrough columns ignored gives the same columns, values and passthrough.
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    public void write(Path file) {
        List<String> header = new ArrayList<>(columns);
        header.addAll(passthrough.keySet());
        try (CsvRowWriter writer = CsvRowWriter.open(file, header)) {
            for (int i = 0; i < rows.length; i++) {
                List<Object> row = new ArrayList<>(header.size());
                for (double value : rows[i]) {
                    row.add(value);
                }
                for (List<String> values : passthrough.values()) {
                    row.add(values.get(i));
                }
                writer.writeRow(row);
            }
        }
    }
}
