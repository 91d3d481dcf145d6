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
    void shouldKeepKafkaOutOfTheOnlineLearnersOfTheStreamingLayer() {
        // The trainer's and the generator service's logic is tested without a broker; only their roles move data.
        assertThat(Stream.of("streaming/training", "streaming/generation").flatMap(dir -> {
            try {
                return sourcesMentioning(MAIN.resolve(dir), "org.apache.kafka").stream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList()).isEmpty();
    }

    @Test
    void shouldKeepKafkaOutOfTheCommandLineAndTheEvaluation() {
        // Commands parse, call the streaming layer and print; evaluations replay files. Kafka stays behind
        // streaming's APIs, which take and give plain Java types.
        assertThat(Stream.of("cli", "eval").flatMap(dir -> {
            try {
                return sourcesMentioning(MAIN.resolve(dir), "org.apache.kafka").stream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList()).isEmpty();
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
