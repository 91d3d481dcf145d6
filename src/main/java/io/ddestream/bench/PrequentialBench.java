package io.ddestream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddestream.cli.BuildInfo;
import io.ddestream.cli.UserException;
import io.ddestream.cli.options.DensityOptions;
import io.ddestream.data.AnomalyLabels;
import io.ddestream.data.CsvTable;
import io.ddestream.engine.density.SigmaSelection;
import io.ddestream.eval.prequential.DdeDetector;
import io.ddestream.eval.prequential.Prequential;
import io.ddestream.eval.prequential.RcfDetector;
import io.ddestream.engine.density.TrainerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code dde bench prequential}: score-then-learn over a labelled CSV in file order (the protocol in
 * {@link DdeDetector}), printing the ROC-AUC over the scored points and the throughput; with {@code --baseline rcf},
 * Random Cut Forest on the same points in the same order, in the same JVM.
 */
@Command(name = "prequential", mixinStandardHelpOptions = true,
        description = {"Score-then-learn over a CSV in file order: each point is scored by the model trained on the "
                + "points before it, then learned. Prints the ROC-AUC over the scored points and points/s.",
                "The first --warmup points are learned, not scored (sigma is selected on them unless --sigma is given); "
                        + "then --steps-per-round steps every --learn-every points, a new model every --publish-every."})
final class PrequentialBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE.csv", description = "Points in stream order, with a label column.")
    Path input;

    @Option(names = "--ignore", paramLabel = "COL", description = "A column that is not a feature (repeatable); the label never is.")
    List<String> ignore = List.of();

    @Option(names = "--label", defaultValue = "label", paramLabel = "COL",
            description = "Label column: 1, 1.0 or true = anomaly; 0, 0.0 or false = normal; for the evaluation only "
                    + "(default ${DEFAULT-VALUE}).")
    String label;

    @Option(names = "--baseline", paramLabel = "NAME", description = "Also run a baseline on the same points: rcf (Random Cut Forest).")
    String baseline;

    @Mixin
    DensityOptions density;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "256", description = "Points learned before scoring starts (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--initial-steps", paramLabel = "N", defaultValue = "1000", description = "Steps before the first model (default ${DEFAULT-VALUE}).")
    int initialSteps;

    @Option(names = "--learn-every", paramLabel = "N", defaultValue = "32", description = "Points between training rounds (default ${DEFAULT-VALUE}).")
    int learnEvery;

    @Option(names = "--steps-per-round", paramLabel = "N", defaultValue = "25", description = "Steps per training round (default ${DEFAULT-VALUE}).")
    int stepsPerRound;

    @Option(names = "--publish-every", paramLabel = "N", defaultValue = "256", description = "Points between published models (default ${DEFAULT-VALUE}).")
    int publishEvery;

    @Option(names = "--trees", defaultValue = "50", description = "Random Cut Forest: trees (default ${DEFAULT-VALUE}).")
    int trees;

    @Option(names = "--sample-size", defaultValue = "256", description = "Random Cut Forest: points per tree (default ${DEFAULT-VALUE}).")
    int sampleSize;

    @Override
    public Integer call() {
        if (baseline != null && !baseline.equals("rcf")) {
            throw new UserException("--baseline must be rcf, got '" + baseline + "'");
        }
        Set<String> ignored = new HashSet<>(ignore);
        ignored.add(label);
        CsvTable table = CsvTable.read(input, ignored);
        boolean[] labels = AnomalyLabels.read(table, label);
        double[][] rows = table.rows();
        DdeDetector.Protocol protocol;
        try {
            protocol = new DdeDetector.Protocol(warmup, initialSteps, learnEvery, stepsPerRound, publishEvery);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        if (rows.length <= warmup) {
            throw new UserException(input + ": " + rows.length + " points leave none to score after a warm-up of "
                    + warmup);
        }
        int anomalies = 0;
        for (boolean y : labels) {
            anomalies += y ? 1 : 0;
        }
        out().printf(Locale.ROOT, "%s: %d points, %d features, %d anomalies; the first %d are the warm-up (learned, "
                + "not scored)%n", input.getFileName(), rows.length, table.columns().size(), anomalies, warmup);

        TrainerSettings settings = TrainerSettings.defaults(BuildInfo.version())
                .withDensity(density.settings(DensityOptions.Defaults.STREAM, Long.MAX_VALUE));
        long seed = settings.density().training().seed();
        DdeDetector dde = new DdeDetector(table.columns(), settings,
                candidate -> out().println("  " + candidate.describe()), protocol);
        Prequential.Result ddeResult = Prequential.run(rows, labels, dde, warmup);
        dde.sigmaSelection().ifPresent(s -> out().printf(Locale.ROOT,
                "sigma %s selected on the warm-up in %.0f s: %s%n", s.chosen(), s.seconds(), s.reason()));
        // The selection runs once, at the end of the warm-up: the stream's rate is the replay's time without it.
        double selectionSeconds = dde.sigmaSelection().map(SigmaSelection::seconds).orElse(0.0);
        double streamSeconds = ddeResult.seconds() - selectionSeconds;
        out().printf(Locale.ROOT, "dde: ROC-AUC %.4f over %d points (%d anomalies); %,.0f points/s with learning "
                        + "(%.1f s, plus %.1f s selecting sigma), %,.0f points/s scoring alone; sigma %s, %d models, "
                        + "%d steps%n", ddeResult.rocAuc(), ddeResult.scored(), ddeResult.anomalies(),
                rows.length / streamSeconds, streamSeconds, selectionSeconds, ddeResult.scoresPerSecond(), dde.sigma(),
                dde.models(), dde.steps());

        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("bench", "prequential").put("input", input.toString()).put("points", rows.length)
                .put("warmup", warmup).put("evaluated", ddeResult.scored()).put("anomalies", ddeResult.anomalies());
        ObjectNode ddeJson = json.putObject("dde");
        number(ddeJson, "roc_auc", ddeResult.rocAuc());
        ddeJson.put("points_per_s", round(rows.length / streamSeconds))
                .put("scoring_points_per_s", round(ddeResult.scoresPerSecond()))
                .put("seconds", round(ddeResult.seconds())).put("sigma", dde.sigma())
                .put("sigma_selected", dde.sigmaSelection().isPresent())
                .put("selection_seconds", round(selectionSeconds))
                .put("models", dde.models()).put("steps", dde.steps()).put("scaling", settings.density().scaling().id());
        if (baseline != null) {
            RcfDetector rcf = new RcfDetector(rows[0].length, trees, sampleSize, seed);
            Prequential.Result rcfResult = Prequential.run(rows, labels, rcf, warmup);
            Prequential.Result rcfAll = Prequential.evaluate(rcfResult.scores(), labels, 0, rcfResult.seconds(),
                    rcfResult.scoringSeconds());
            out().printf(Locale.ROOT, "rcf: ROC-AUC %.4f over the same %d points; %,.0f points/s with learning "
                            + "(%.1f s), %,.0f points/s scoring alone; %d trees of %d points (over all %d points: "
                            + "%.4f)%n", rcfResult.rocAuc(), rcfResult.scored(), rcfResult.pointsPerSecond(),
                    rcfResult.seconds(), rcfResult.scoresPerSecond(), trees, sampleSize, rcfAll.scored(),
                    rcfAll.rocAuc());
            ObjectNode rcfJson = json.putObject("rcf");
            number(rcfJson, "roc_auc", rcfResult.rocAuc());
            number(rcfJson, "roc_auc_all_points", rcfAll.rocAuc());
            rcfJson.put("points_per_s", round(rcfResult.pointsPerSecond())).put("seconds", round(rcfResult.seconds()))
                    .put("trees", trees).put("sample_size", sampleSize);
        }
        out().println(json);
        return 0;
    }

    /** A figure, or null where it is undefined (an AUC without anomalies): no NaN in the JSON. */
    private void number(ObjectNode node, String field, double v) {
        if (Double.isFinite(v)) {
            node.put(field, round(v));
        } else {
            node.putNull(field);
        }
    }

    private double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1e6) / 1e6 : v;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
