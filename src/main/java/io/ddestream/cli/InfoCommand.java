package io.ddestream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.engine.density.Provenance;
import io.ddestream.engine.density.SigmaSelection;
import io.ddestream.engine.density.Standardizer;
import io.ddestream.engine.generator.GeneratorConfig;
import io.ddestream.engine.generator.GeneratorModel;
import io.ddestream.engine.generator.GeneratorModelCodec;
import io.ddestream.engine.generator.GeneratorProvenance;
import io.ddestream.engine.snapshot.Snapshot;
import io.ddestream.engine.snapshot.SnapshotCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code dde info}: what a model file holds. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Describe a model: dimensions, sigma, training, log Z with its standard error and effective sample size, "
                + "and its generator, if any, with its KL estimate.")
final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model written by 'dde fit'.")
    Path modelFile;

    @Option(names = "--json", description = "Print the model's metadata as JSON instead.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Snapshot snapshot = SnapshotCodec.read(modelFile);
        DensityModel model = DensityModelCodec.fromSnapshot(snapshot);
        Optional<GeneratorModel> generator = GeneratorModelCodec.fromSnapshot(snapshot);
        if (json) {
            out().println(new ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(snapshot.metadata()));
            return 0;
        }
        Provenance p = model.provenance();
        var t = p.training();
        out().printf("model        %s (format version %d)%n", modelFile, SnapshotCodec.FORMAT_VERSION);
        out().printf("dimensions   %d: %s%n", model.dimension(), String.join(", ", model.features()));
        out().printf("network      residual softplus MLP, width %d, depth %d%n", t.width(), t.depth());
        out().printf("sigma        %s (standardized units)%s%n", model.sigma(), t.sigma().isConstant() ? ""
                : String.format("; annealed from %s by x%s every %d steps to %s", t.sigma().initial(),
                t.sigma().factor(), t.sigma().every(), t.sigma().floor()));
        if (model.provisional()) {
            out().println("  provisional: a rule-of-thumb sigma while the stream's selection ran; a selected model "
                    + "replaces it");
        } else {
            model.sigmaSelection().ifPresentOrElse(this::describe,
                    () -> out().println("  selection  none: sigma was given"));
        }
        out().printf("scaling      %s (features standardized by %s)%n", model.standardizer().method().id(),
                model.standardizer().method() == Standardizer.Method.QUANTILES
                        ? "median and 5%-95% range / 3.29" : "mean and std");
        out().printf("training     %d steps (%d refused), batch %d, learning rate %s, seed %d, %d points%n",
                p.steps(), p.refusedSteps(), t.batchSize(), t.learningRate(), t.seed(), p.trainingPoints());
        out().printf("normalizer   %s%n", model.logPartition().describe());
        out().printf("anomalies    flagged above score %.4f (false-alarm rate %s, calibrated on %d points)%n",
                model.threshold(), model.falseAlarmRate(), model.calibration().count());
        out().printf("provenance   version %d, created %s by dde-stream %s%n", p.version(), p.createdAt(), p.build());
        generator.ifPresentOrElse(this::describe,
                () -> out().println("generator    none (fit with --generator to add one)"));
        return 0;
    }

    private void describe(SigmaSelection selection) {
        out().printf("  selection  %s on %d points (two halves, %d %s), %d steps per fit, tail of %d points, %.0f s: "
                        + "%s%n", selection.rule(), selection.points(), selection.splits(),
                selection.splits() == 1 ? "split" : "random splits, means", selection.stepsPerCandidate(),
                selection.tailPoints(), selection.seconds(), selection.reason());
        for (SigmaSelection.Candidate c : selection.candidates()) {
            boolean distrusted = !c.failed() && c.logZReliable() && !selection.logZTrusted(c);
            out().printf("  %s %s%s%n", c.sigma() == selection.chosen() ? "*" : " ", c.describe(),
                    distrusted ? " (log Z not trusted: a larger sigma's is unreliable)" : "");
        }
    }

    private void describe(GeneratorModel generator) {
        GeneratorProvenance p = generator.provenance();
        GeneratorConfig c = p.config();
        out().printf("generator    residual softplus MLP g(z) = z + MLP(z), width %d, depth %d%n", c.width(),
                c.depth());
        out().printf("  training   %d steps (%d refused), %d s_q steps per step (%d in all), batch %d, "
                + "learning rate %s, seed %d%n", p.steps(), p.refusedSteps(), c.sqStepsPerStep(), p.sqSteps(),
                c.batchSize(), c.learningRate(), c.seed());
        out().printf("  quality    %s%n", generator.kl().describe());
        out().printf("  provenance created %s by dde-stream %s%n", p.createdAt(), p.build());
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
