package io.ddestream.data;

import java.util.List;
import java.util.Locale;

/**
 * Anomaly labels read from a column of a CSV file, for evaluations: {@code 1}, {@code 1.0} or {@code true} marks an
 * anomaly, {@code 0}, {@code 0.0} or {@code false} a normal point (case-insensitive, surrounding spaces allowed);
 * anything else is an error naming the file, line and column, as {@link CsvTable}'s are.
 */
public final class AnomalyLabels {

    private AnomalyLabels() {
    }

    /**
     * The labels of every row of {@code table}, from the column {@code column}, which must have been read as a
     * passthrough (ignored) column so that its raw text is kept.
     *
     * @throws DataFileException if the table has no such passthrough column or a cell is not a label
     */
    public static boolean[] read(CsvTable table, String column) {
        List<String> cells = table.passthrough().get(column);
        if (cells == null) {
            throw new DataFileException(table.source() + ": no column \"" + column + "\" to take labels from");
        }
        boolean[] anomalies = new boolean[cells.size()];
        for (int row = 0; row < anomalies.length; row++) {
            String cell = cells.get(row);
            try {
                anomalies[row] = parse(cell);
            } catch (IllegalArgumentException e) {
                throw new DataFileException("%s line %d, column \"%s\": %s"
                        .formatted(table.source(), table.line(row), column, e.getMessage()));
            }
        }
        return anomalies;
    }

    /**
     * One label: true for an anomaly.
     *
     * @throws IllegalArgumentException with a message quoting the cell if it is not a label
     */
    public static boolean parse(String cell) {
        return switch (cell.strip().toLowerCase(Locale.ROOT)) {
            case "1", "1.0", "true" -> true;
            case "0", "0.0", "false" -> false;
            default -> throw new IllegalArgumentException(
                    "\"" + cell + "\" is not a label, expected 1 or 0, 1.0 or 0.0, true or false");
        };
    }
}
