package io.ddestream.bench;

import io.ddestream.cli.UserException;
import io.ddestream.data.AnomalyLabels;
import io.ddestream.data.CsvTable;
import io.ddestream.eval.RocAuc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;

/** ROC-AUC of a score column against an anomaly label column ({@link AnomalyLabels}), for evaluation scripts. */
@Command(name = "auc", mixinStandardHelpOptions = true,
        description = "ROC-AUC of a score column (higher = more anomalous) against a label column (1/0, 1.0/0.0 or true/false) of a CSV file.")
final class AucBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--scores", required = true, paramLabel = "FILE.csv", description = "A CSV with both columns, e.g. the output of 'dde score'.")
    Path scores;

    @Option(names = "--label", defaultValue = "label", description = "Label column: 1, 1.0 or true = anomaly; 0, 0.0 or false = normal (default ${DEFAULT-VALUE}).")
    String label;

    @Option(names = "--score", defaultValue = "anomaly_score", description = "Score column (default ${DEFAULT-VALUE}).")
    String score;

    @Override
    public Integer call() {
        // The label is kept as text, for the label parser; dde score's text columns are not read.
        CsvTable table = CsvTable.read(scores, new HashSet<>(List.of("explanation", "anomaly", label)));
        int scoreColumn = column(table, score);
        boolean[] y = AnomalyLabels.read(table, label);
        double[][] rows = table.rows();
        double[] s = new double[rows.length];
        long anomalies = 0;
        for (int i = 0; i < rows.length; i++) {
            s[i] = rows[i][scoreColumn];
            anomalies += y[i] ? 1 : 0;
        }
        double auc = RocAuc.of(s, y);
        out().printf("ROC-AUC %.4f over %d rows (%d anomalies)%n", auc, rows.length, anomalies);
        out().printf("{\"bench\":\"auc\",\"roc_auc\":%.6f,\"rows\":%d,\"anomalies\":%d}%n", auc, rows.length, anomalies);
        return 0;
    }

    private static int column(CsvTable table, String name) {
        int i = table.columns().indexOf(name);
        if (i < 0) {
            throw new UserException(table.source() + ": no numeric column \"" + name + "\"; columns are " + table.columns());
        }
        return i;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
