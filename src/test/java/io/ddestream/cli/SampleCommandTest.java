package io.ddestream.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fit --generator}, {@code sample} and {@code info} end to end, in process, on a small CSV file. */
class SampleCommandTest {

    @TempDir
    static Path dir;
    private static Path withGenerator;
    private static Path withoutGenerator;

    @BeforeAll
    static void fitModels() throws IOException {
        Path csv = dir.resolve("points.csv");
        Random rng = new Random(3);
        StringBuilder text = new StringBuilder("id,height,weight\n");
        for (int i = 0; i < 500; i++) {
            double h = 170 + 10 * rng.nextGaussian();
            text.append("p").append(i).append(',').append(h).append(',').append(h - 100 + 5 * rng.nextGaussian())
                    .append('\n');
        }
        Files.writeString(csv, text);
        withGenerator = dir.resolve("gen.ddesnap");
        withoutGenerator = dir.resolve("plain.ddesnap");
        String[] common = {"fit", "--input", csv.toString(), "--ignore", "id", "--steps", "20", "--width", "8", "--depth", "2",
                "--batch", "64", "--normalizer-samples", "500"};
        assertThat(run(with(common, "--model", withGenerator.toString(), "--generator", "--generator-steps", "5",
                "--generator-width", "8", "--generator-depth", "2", "--kl-every", "0")).exitCode).isZero();
        assertThat(run(with(common, "--model", withoutGenerator.toString())).exitCode).isZero();
    }

    @Test
    void writesNRowsWithTheTrainingColumnNames() throws IOException {
        Path out = dir.resolve("samples.csv");

        Result result = run("sample", "--model", withGenerator.toString(), "-n", "1234", "--output", out.toString());

        assertThat(result.exitCode).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(1 + 1234);
        assertThat(lines.get(0)).isEqualTo("height,weight");
        // Samples come back in the input's units: heights around 170, not standardized values around 0.
        double meanHeight = lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[0]))
                .average().orElseThrow();
        assertThat(meanHeight).isBetween(160.0, 180.0);
    }

    @Test
    void theSameSeedWritesTheSameSamples() throws IOException {
        Path first = dir.resolve("first.csv");
        Path second = dir.resolve("second.csv");

        run("sample", "--model", withGenerator.toString(), "-n", "10", "--output", first.toString(), "--seed", "4");
        run("sample", "--model", withGenerator.toString(), "-n", "10", "--output", second.toString(), "--seed", "4");

        assertThat(Files.readAllLines(first)).isEqualTo(Files.readAllLines(second));
    }

    @Test
    void aModelWithoutGeneratorGivesAOneLineError() {
        Result result = run("sample", "--model", withoutGenerator.toString(), "-n", "10", "--output",
                dir.resolve("none.csv").toString());

        assertThat(result.exitCode).isEqualTo(UserErrors.USER_ERROR);
        assertThat(result.err.strip())
                .isEqualTo("dde sample: error: plain.ddesnap has no generator; fit it with --generator");
    }

    @Test
    void infoReportsTheGenerator() {
        Result info = run("info", "--model", withGenerator.toString());
        assertThat(info.out).as("exit %d: %s", info.exitCode, info.err)
                .contains("generator    residual softplus MLP g(z) = z + MLP(z), width 8, depth 2")
                .contains("5 steps (0 refused), 5 s_q steps per step (25 in all)")
                .contains("KL(q~||p~) = ");
        assertThat(run("info", "--model", withoutGenerator.toString()).out).contains("generator    none");
    }

    private record Result(int exitCode, String out, String err) {
    }

    /** Runs the command line in process, capturing what it writes and its errors. */
    private static Result run(String... args) {
        CommandLine cli = DdeCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static String[] with(String[] common, String... more) {
        String[] all = Arrays.copyOf(common, common.length + more.length);
        System.arraycopy(more, 0, all, common.length, more.length);
        return all;
    }
}
