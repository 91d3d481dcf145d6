package io.ddestream.bench;

import io.ddestream.cli.DdeCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dde bench auc} as a script runs it, in-process, on the columns {@code dde score} writes: labels in the
 * spellings the label parser accepts, and one it rejects.
 */
class AucBenchTest {

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    @Test
    void shouldReadLabelsWrittenAsNumbersOrBooleans() throws IOException {
        // Scores 1..4; the anomalies score 4 and 2: of the 4 (anomaly, normal) pairs 3 are ranked right.
        Path scores = write("anomaly_score,anomaly,explanation,label\n1,false,x:high:1,0.0\n2,false,x:high:1,TRUE\n"
                + "3,true,x:high:1,false\n4,true,x:low:1,1\n");

        Run run = bench("auc", "--scores", scores.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("ROC-AUC 0.7500 over 4 rows (2 anomalies)")
                .endsWith("{\"bench\":\"auc\",\"roc_auc\":0.750000,\"rows\":4,\"anomalies\":2}" + System.lineSeparator());
    }

    @Test
    void shouldRejectAnUnknownLabelNamingFileLineAndColumn() throws IOException {
        Path scores = write("anomaly_score,anomaly,explanation,label\n1,false,,0\n2,false,,yes\n");

        Run run = bench("auc", "--scores", scores.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(scores + " line 3, column \"label\": \"yes\" is not a label");
    }

    private Run bench(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = DdeCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] full = new String[args.length + 1];
        full[0] = "bench";
        System.arraycopy(args, 0, full, 1, args.length);
        return new Run(cli.execute(full), out.toString(), err.toString());
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("scores.csv");
        Files.writeString(file, text);
        return file;
    }
}
