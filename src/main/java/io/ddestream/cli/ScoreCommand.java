package io.ddestream.cli;

import io.ddestream.data.CsvRowWriter;
import io.ddestream.data.CsvTable;
import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.engine.density.Score;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code dde score}: score every row of a CSV file with a saved model. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score every row of a CSV file: one output row per input row, in order.",
                "Columns: the ignored input columns (e.g. an id or a label), then log_density (normalized, in the",
                "input's units), anomaly_score (= -log_density; higher is more anomalous), p_value, anomaly,",
                "threshold and explanation (the features that lower the density most: name:high|low:weight)."})
final class ScoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model written by 'dde fit'.")
    Path modelFile;

    @Option(names = "--input", required = true, paramLabel = "FILE.csv", description = "Points to score.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE.csv", description = "Where to write the scores.")
    Path output;

    @Option(names = "--ignore", paramLabel = "COL", description = "A column that is not a feature (repeatable); copied to the output.")
    List<String> ignore = List.of();

    @Option(names = "--false-alarm-rate", paramLabel = "R", description = "Override the model's false-alarm rate for the anomaly flag.")
    Double falseAlarmRate;

    @Override
    public Integer call() throws Exception {
        DensityModel model = DensityModelCodec.read(modelFile);
        if (falseAlarmRate != null) {
            model = model.withFalseAlarmRate(falseAlarmRate);
        }
        CsvTable table = CsvTable.read(input, Set.copyOf(ignore));
        if (!table.columns().equals(model.features())) {
            throw new UserException(input + ": feature columns " + table.columns() + " do not match the model's "
                    + model.features() + " (use --ignore for columns that are not features)");
        }
        List<Score> scores = model.score(table.rows());
        Map<String, List<String>> passthrough = table.passthrough();
        List<String> columns = new ArrayList<>(passthrough.keySet());
        columns.addAll(List.of("log_density", "anomaly_score", "p_value", "anomaly", "threshold", "explanation"));
        long anomalies = 0;
        try (CsvRowWriter writer = CsvRowWriter.open(output, columns)) {
            for (int i = 0; i < scores.size(); i++) {
                Score s = scores.get(i);
                List<Object> row = new ArrayList<>(columns.size());
                for (List<String> values : passthrough.values()) {
                    row.add(values.get(i));
                }
                row.add(s.logDensity());
                row.add(s.anomalyScore());
                row.add(s.pValue());
                row.add(s.anomaly());
                row.add(s.threshold());
                row.add(s.explanation().stream()
                        .map(c -> String.format("%s:%s:%.3f", c.feature(), c.direction().label(), c.weight()))
                        .collect(Collectors.joining(";")));
                writer.writeRow(row);
                anomalies += s.anomaly() ? 1 : 0;
            }
        }
        out().printf("scored %d rows into %s: %d flagged as anomalies at false-alarm rate %s%n",
                scores.size(), output, anomalies, model.falseAlarmRate());
        return 0;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
