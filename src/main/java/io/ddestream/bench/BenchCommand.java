package io.ddestream.bench;

import picocli.CommandLine.Command;

/** Benchmarks whose last output line is one JSON object, for scripts. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks; each prints its figures and, as its last line, one JSON object.",
        subcommands = {TrainBench.class, StreamBench.class, GeneratorBench.class, GeneratorQualityBench.class,
                AucBench.class, GapBench.class, PrequentialBench.class})
public final class BenchCommand {
}
