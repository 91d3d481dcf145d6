package io.ddestream.cli;

import io.ddestream.data.CsvRowWriter;
import io.ddestream.engine.generator.GeneratorModel;
import io.ddestream.engine.generator.GeneratorModelCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code dde sample}: draw points from a model's generator into a CSV file. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Draw points from the generator of a model fitted with 'dde fit --generator'.",
                "The output has the training data's feature columns, in the input's units."})
final class SampleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Rows drawn and written at a time, so that memory stays bounded whatever N. */
    private static final int BLOCK_ROWS = 65_536;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model written by 'dde fit --generator'.")
    Path modelFile;

    @Option(names = "-n", required = true, paramLabel = "N", description = "How many points to draw.")
    long count;

    @Option(names = "--output", required = true, paramLabel = "FILE.csv", description = "Where to write them.")
    Path output;

    @Option(names = "--seed", paramLabel = "K", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (count < 0) {
            throw new UserException("-n must be >= 0, got " + count);
        }
        GeneratorModel generator = GeneratorModelCodec.read(modelFile).orElseThrow(() -> new UserException(
                modelFile.getFileName() + " has no generator; fit it with --generator"));
        GeneratorModel.Sampler sampler = generator.sampler(seed);
        long start = System.nanoTime();
        try (CsvRowWriter writer = CsvRowWriter.open(output, generator.features())) {
            for (long written = 0; written < count; ) {
                int rows = (int) Math.min(BLOCK_ROWS, count - written);
                for (double[] point : sampler.next(rows)) {
                    List<Object> row = new ArrayList<>(point.length);
                    for (double v : point) {
                        row.add(v);
                    }
                    writer.writeRow(row);
                }
                written += rows;
            }
        }
        spec.commandLine().getOut().printf("wrote %d samples to %s in %.1f s%n", count, output, (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
