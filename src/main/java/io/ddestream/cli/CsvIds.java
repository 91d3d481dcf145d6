package io.ddestream.cli;

import io.ddestream.data.CsvTable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Point ids for a CSV table's rows: an ignored column named {@code id}, else {@code <file name>-<row>}. */
final class CsvIds {

    private CsvIds() {
    }

    static List<String> of(CsvTable table, Path file) {
        List<String> column = table.passthrough().get("id");
        if (column != null) {
            return column;
        }
        String stem = file.getFileName().toString().replaceFirst("\\.csv$", "");
        List<String> ids = new ArrayList<>(table.rowCount());
        for (int row = 1; row <= table.rowCount(); row++) {
            ids.add(stem + "-" + row);
        }
        return ids;
    }
}
