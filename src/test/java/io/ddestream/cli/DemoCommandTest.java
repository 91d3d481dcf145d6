package io.ddestream.cli;

import io.ddestream.streaming.demo.ScoreWatch;
import io.ddestream.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code dde demo} prints: its status line, and the one line of a port that is taken (a broker and the roles start). */
@IntegrationTest
class DemoCommandTest {

    @Test
    void shouldSayHowManyPointsAndInjectedAnomaliesAreFlagged() {
        ScoreWatch.Tally tally = new ScoreWatch.Tally(1200, 200, 7, 980, 20, 20, 19, 3);

        assertThat(DemoCommand.summary(tally)).isEqualTo("scores 1200 (warming up 200) | model v7 | flagged 2.0% of "
                + "normal points, 95.0% of 20 injected anomalies | dead letters 3");
    }

    @Test
    void shouldSayOnlyWhatItHasSeenBeforeAnythingIsScored() {
        ScoreWatch.Tally warmingUp = new ScoreWatch.Tally(50, 50, 0, 0, 0, 0, 0, 0);
        ScoreWatch.Tally replay = new ScoreWatch.Tally(100, 0, 2, 100, 5, 0, 0, 0);

        assertThat(DemoCommand.summary(warmingUp)).isEqualTo("scores 50 (warming up 50) | model v0 | dead letters 0");
        assertThat(DemoCommand.summary(replay))
                .isEqualTo("scores 100 (warming up 0) | model v2 | flagged 5.0% of points | dead letters 0");
    }

    @Test
    @Timeout(120)
    void shouldFailWithOneLineNamingTheOptionsWhenTheHttpPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CommandLine cli = DdeCommand.commandLine();
            StringWriter err = new StringWriter();
            cli.setErr(new PrintWriter(err, true));

            int code = cli.execute("demo", "--http-port", String.valueOf(taken.getLocalPort()), "--duration", "1",
                    "--sigma", "0.1");

            assertThat(code).isEqualTo(UserErrors.USER_ERROR);
            assertThat(err.toString()).startsWith("dde demo: error: cannot serve HTTP on 127.0.0.1:"
                            + taken.getLocalPort() + " (")
                    .contains("); choose another --http-port (0 picks a free one) or --http-host")
                    .doesNotContain("\tat ");
        }
    }
}
