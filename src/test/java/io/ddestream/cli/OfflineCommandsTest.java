package io.ddestream.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** fit, score and info as a user runs them, in-process, on a small CSV made here. */
class OfflineCommandsTest {

    @TempDir
    static Path dir;
    static Path points;
    static Path model;

    record Run(int exitCode, String out, String err) {
    }

    static Run dde(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = DdeCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void fitOnce() throws IOException {
        points = dir.resolve("points.csv");
        StringBuilder csv = new StringBuilder("id,u,v,label\n");
        Random rng = new Random(2);
        for (int i = 0; i < 600; i++) {
            boolean anomaly = i % 100 == 99;
            double u = anomaly ? 8 + rng.nextGaussian() : rng.nextGaussian();
            csv.append("p").append(i).append(',').append(u).append(',').append(u + 0.5 * rng.nextGaussian())
                    .append(',').append(anomaly ? 1 : 0).append('\n');
        }
        Files.writeString(points, csv);
        model = dir.resolve("model.ddesnap");
        Run fit = dde("fit", "--input", points.toString(), "--ignore", "id", "--ignore", "label", "--model",
                model.toString(), "--steps", "200", "--width", "16", "--depth", "2", "--normalizer-samples", "2000");
        assertThat(fit.exitCode()).as(fit.err()).isZero();
        assertThat(fit.out()).contains("saved").contains("2 features").contains("log Z")
                .contains("selecting sigma: 7 candidates, 2 short fits of 200 steps each").contains("selected in");
    }

    @Test
    void shouldWriteOneScoreRowPerInputRowWithIgnoredColumnsCopiedThrough() throws IOException {
        Path scores = dir.resolve("scores.csv");
        Run run = dde("score", "--model", model.toString(), "--input", points.toString(), "--ignore", "id",
                "--ignore", "label", "--output", scores.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = Files.readAllLines(scores);
        assertThat(lines).hasSize(601);
        assertThat(lines.get(0)).isEqualTo("id,label,log_density,anomaly_score,p_value,anomaly,threshold,explanation");
        assertThat(lines.get(1)).startsWith("p0,0,");
        assertThat(lines.get(100)).startsWith("p99,1,").contains(",true,");
    }

    @Test
    void shouldDescribeTheModel() {
        Run run = dde("info", "--model", model.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("dimensions   2: u, v").contains("200 steps").contains("normalizer   log Z")
                .contains("of 2000").contains("scaling      quantiles")
                // the sigma selection's evidence, the chosen candidate starred
                .contains("selection  likelihood-among-reproducible/2 on 600 points").contains("* sigma ")
                .contains("tail agreement").contains("held-out log-likelihood");
    }

    @Test
    void shouldLetAnExplicitSigmaWinOverTheSelection() {
        Path fixed = dir.resolve("fixed.ddesnap");
        Run fit = dde("fit", "--input", points.toString(), "--ignore", "id", "--ignore", "label", "--model",
                fixed.toString(), "--steps", "50", "--width", "8", "--depth", "1", "--normalizer-samples", "500",
                "--sigma", "0.3", "--scaling", "moments");
        assertThat(fit.exitCode()).as(fit.err()).isZero();
        assertThat(fit.out()).doesNotContain("selecting sigma");

        Run info = dde("info", "--model", fixed.toString());
        assertThat(info.out()).contains("sigma        0.3").contains("selection  none: sigma was given")
                .contains("scaling      moments");
    }

    @Test
    void shouldMeasureEachSigmaCandidateOnSeveralSplitsWhenAskedAndShowTheSpread() {
        Path averaged = dir.resolve("averaged.ddesnap");
        Run fit = dde("fit", "--input", points.toString(), "--ignore", "id", "--ignore", "label", "--model",
                averaged.toString(), "--steps", "40", "--width", "8", "--depth", "1", "--normalizer-samples", "500",
                "--sigma-grid", "0.5,2", "--select-splits", "2");
        assertThat(fit.exitCode()).as(fit.err()).isZero();
        assertThat(fit.out()).contains("2 short fits of 40 steps each on 2 random splits").contains("(spread ");

        Run info = dde("info", "--model", averaged.toString());
        assertThat(info.out()).contains("on 600 points (two halves, 2 random splits, means)").contains("(spread ");
    }

    @Test
    void shouldRefuseFewerThanOneSplit() {
        Run fit = dde("fit", "--input", points.toString(), "--ignore", "id", "--ignore", "label", "--model",
                dir.resolve("none.ddesnap").toString(), "--select-splits", "0");
        assertThat(fit.exitCode()).isNotZero();
        assertThat(fit.err()).contains("--select-splits must be >= 1");
    }

    @Test
    void shouldNameFileLineAndColumnOfABadCell() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "u,v\n1,2\n3,x\n");
        Run run = dde("score", "--model", model.toString(), "--input", bad.toString(), "--output",
                dir.resolve("out.csv").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("dde score: error:").contains("line 3").contains("column \"v\"")
                .doesNotContain("Exception").doesNotContain("\n");
    }

    @Test
    void shouldRejectACorruptModelFileWithOneLine() throws IOException {
        Path corrupt = dir.resolve("corrupt.ddesnap");
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(corrupt, bytes);
        Run run = dde("info", "--model", corrupt.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("checksum").doesNotContain("\tat ");
    }

    @Test
    void shouldRefuseFeaturesThatDoNotMatchTheModel() throws IOException {
        Path other = dir.resolve("other.csv");
        Files.writeString(other, "u,w\n1,2\n");
        Run run = dde("score", "--model", model.toString(), "--input", other.toString(), "--output",
                dir.resolve("o.csv").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("do not match").contains("[u, v]");
    }

    @Test
    void shouldReportAMissingFile() {
        Run run = dde("fit", "--input", dir.resolve("nope.csv").toString(), "--model", model.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no such file");
    }

    /**
     * Every file a command cannot use is named in its one-line error: a directory where a file belongs, a missing
     * file or directory. (An unreadable file is checked in {@link #shouldNameAFileItMayNotRead}.)
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "info --model DIR",
            "score --model DIR --input POINTS --ignore id --ignore label --output OUT",
            "score --model MODEL --input DIR --output OUT",
            "score --model MODEL --input POINTS --ignore id --ignore label --output DIR",
            "sample --model DIR -n 5 --output OUT",
            "fit --input DIR --model NEW",
            "fit --input POINTS --ignore id --ignore label --model DIR --sigma 0.5",
            "info --model MISSING",
            "score --model MISSING --input POINTS --output OUT",
            "sample --model MISSING -n 5 --output OUT",
            "fit --input MISSING --model NEW",
            "score --model MODEL --input MISSING --output OUT",
            "score --model MODEL --input POINTS --ignore id --ignore label --output MISSING/out.csv",
    })
    void shouldNameTheFileInEveryFileError(String command) throws IOException {
        Path directory = Files.createDirectories(dir.resolve("a-directory"));
        Path missing = dir.resolve("not-there");
        String[] args = command.split(" ");
        String named = null;
        for (int i = 0; i < args.length; i++) {
            String replacement = switch (args[i]) {
                case "DIR" -> directory.toString();
                case "MISSING" -> missing.resolve("model.ddesnap").toString();
                case "MISSING/out.csv" -> missing.resolve("out.csv").toString();
                case "POINTS" -> points.toString();
                case "MODEL" -> model.toString();
                case "OUT" -> dir.resolve("unused-out.csv").toString();
                case "NEW" -> dir.resolve("unused.ddesnap").toString();
                default -> null;
            };
            if (replacement != null) {
                named = args[i].equals("DIR") || args[i].startsWith("MISSING") ? replacement : named;
                args[i] = replacement;
            }
        }
        Run run = dde(args);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        System.out.println("file error: dde " + command + " -> " + run.err().strip());
        assertThat(run.err().strip()).startsWith("dde " + args[0] + ": error: ").contains(named)
                .doesNotContain("Exception").doesNotContain("\n");
    }

    @Test
    void shouldNameAFileItMayNotRead() throws IOException {
        Path locked = dir.resolve("locked.ddesnap");
        Files.copy(model, locked, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(locked, Set.of());
        if (!Files.isReadable(locked)) {
            Run run = dde("info", "--model", locked.toString());
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err().strip()).isEqualTo("dde info: error: permission denied: " + locked);
        }
        // root may read anything: a file whose first read fails for everyone (Linux: address 0 of /proc/self/mem
        // is never mapped, so reading it is an I/O error that names no file)
        Path failsToRead = Path.of("/proc/self/mem");
        Assumptions.assumeTrue(Files.exists(failsToRead), "needs Linux's /proc");
        Run run = dde("info", "--model", failsToRead.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("dde info: error: /proc/self/mem: cannot read: ")
                .doesNotContain("\n");
    }

    @Test
    void shouldNameTheOutputAWriteFailsOn() {
        // Linux's /dev/full opens, then fails every write as a full disk does
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.exists(full), "needs Linux's /dev/full");
        Run run = dde("score", "--model", model.toString(), "--input", points.toString(), "--ignore", "id",
                "--ignore", "label", "--output", full.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("dde score: error: cannot write /dev/full: ")
                .doesNotContain("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fit", "score", "info", "bench"})
    void shouldOfferHelpOnEveryCommand(String command) {
        Run run = dde(command, "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: dde " + command);
    }
}
