package io.ddestream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.engine.density.Provenance;
import io.ddestream.engine.snapshot.SnapshotCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code dde info}: what a model file holds. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Describe a model: dimensions, sigma, training, log Z with its standard error and effective sample size.")
final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model written by 'dde fit'.")
    Path modelFile;

    @Option(names = "--json", description = "Print the model's metadata as JSON instead.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        DensityModel model = DensityModelCodec.read(modelFile);
        if (json) {
            out().println(new ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(SnapshotCodec.read(modelFile).metadata()));
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
        out().printf("training     %d steps (%d refused), batch %d, learning rate %s, seed %d, %d points%n",
                p.steps(), p.refusedSteps(), t.batchSize(), t.learningRate(), t.seed(), p.trainingPoints());
        out().printf("normalizer   %s%n", model.logPartition().describe());
        out().printf("anomalies    flagged above score %.4f (false-alarm rate %s, calibrated on %d points)%n",
                model.threshold(), model.falseAlarmRate(), model.calibration().count());
        out().printf("provenance   version %d, created %s by dde-stream %s%n", p.version(), p.createdAt(), p.build());
        return 0;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
