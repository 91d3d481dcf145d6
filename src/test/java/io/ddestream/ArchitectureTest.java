package io.ddestream;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Rules of the layout that the compiler does not enforce. */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/io/ddestream");

    @Test
    void shouldNameNoTensorBackendSoThatTheCudaProfileBuildsUnchanged() throws IOException {
        // -Pcuda swaps nd4j-native for nd4j-cuda: a reference to either backend's classes breaks the other build.
        assertThat(sourcesMentioning(MAIN, "org.nd4j.linalg.cpu", "org.nd4j.linalg.jcublas")).isEmpty();
    }

    @Test
    void shouldKeepKafkaOutOfTheEngine() throws IOException {
        assertThat(sourcesMentioning(MAIN.resolve("engine"), "org.apache.kafka")).isEmpty();
    }

    @Test
    void shouldKeepKafkaOutOfTheEvaluationAndTheCommandLine() throws IOException {
        // The prequential replay runs the learning core without a broker; commands parse, call the streaming
        // layer (whose APIs take and give plain Java types) and print.
        assertThat(sourcesMentioning(MAIN.resolve("eval"), "org.apache.kafka")).isEmpty();
        assertThat(sourcesMentioning(MAIN.resolve("cli"), "org.apache.kafka")).isEmpty();
    }

    @Test
    void shouldKeepTheEngineBelowEveryOtherLayer() throws IOException {
        assertThat(sourcesMentioning(MAIN.resolve("engine"), "io.ddestream.streaming", "io.ddestream.cli",
                "io.ddestream.eval", "io.ddestream.observability", "io.ddestream.bench")).isEmpty();
    }

    @Test
    void shouldTrainOnlyThroughTheLearningCore() throws IOException {
        // The step-level pieces of a training loop belong to the engine's learners (DensityLearner,
        // OnlineGenerator, the fitters over them); benchmarks may time them, no other layer may run them.
        List<Path> outside;
        try (Stream<Path> files = Files.walk(MAIN, 1)) {
            outside = files.filter(Files::isDirectory).filter(p -> !p.equals(MAIN))
                    .filter(p -> !p.endsWith("engine") && !p.endsWith("bench")).toList();
        }
        for (Path layer : outside) {
            assertThat(sourcesMentioning(layer, "DenoisingLearner", "GeneratorLearner", "NetworkPass",
                    "GeneratorPass", "LearningRateDecay", "setLearningRate")).as("training steps in %s", layer)
                    .isEmpty();
        }
    }

    @Test
    void shouldKeepKafkaInTheBenchmarksToTheStreamBenchmark() throws IOException {
        // bench stream measures a pass-through topology, producers and consumers of its own against the scorer.
        assertThat(sourcesMentioning(MAIN.resolve("bench"), "org.apache.kafka"))
                .containsExactly(MAIN.resolve("bench/StreamBench.java"));
    }

    private static List<Path> sourcesMentioning(Path root, String... needles) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    String text = Files.readString(p);
                    return Stream.of(needles).anyMatch(text::contains);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
