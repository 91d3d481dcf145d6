package io.ddestream.cli;

import io.ddestream.engine.density.TrainerSettings;
import io.ddestream.engine.density.SigmaChoice;
import io.ddestream.cli.options.StreamTrainerOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineTest {

    @ParameterizedTest
    @ValueSource(strings = {"demo", "stream", "topics", "produce", "broker", "bench stream", "fit", "score", "info"})
    void shouldPrintHelpForEverySubcommand(String command) {
        CommandLine cli = DdeCommand.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        int rc = cli.execute((command + " --help").split(" "));
        assertThat(rc).isZero();
        assertThat(out.toString()).contains("Usage: dde " + command);
    }

    @ParameterizedTest
    @ValueSource(strings = {"stream --features x,y", "stream --role nobody --features x,y"})
    void shouldRejectAStreamCommandWithoutAValidRole(String command) {
        CommandLine cli = DdeCommand.commandLine();
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute(command.split(" "))).isNotZero();
    }

    @org.junit.jupiter.api.Test
    void shouldSelectSigmaOnTheWarmUpByDefaultAndLearnAtAGivenOneWithoutSelecting() {
        StreamTrainerOptions byDefault = new StreamTrainerOptions();
        new CommandLine(byDefault).parseArgs();
        assertThat(byDefault.settings().density().selectsSigma()).isTrue();
        assertThat(byDefault.settings().density().scaling().id()).isEqualTo("quantiles");
        assertThat(byDefault.settings()).isEqualTo(TrainerSettings.defaults(BuildInfo.version()));

        StreamTrainerOptions given = new StreamTrainerOptions();
        new CommandLine(given).parseArgs("--sigma", "0.3", "--scaling", "moments");
        assertThat(given.settings().density().sigma()).isEqualTo(SigmaChoice.given(0.3));
        assertThat(given.settings().density().scaling().id()).isEqualTo("moments");
    }

    @org.junit.jupiter.api.Test
    void shouldRejectAnUnknownScalingWithTheMethodsItKnows() {
        CommandLine cli = DdeCommand.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("fit", "--input", "x.csv", "--model", "m.ddesnap", "--scaling", "ranks")).isNotZero();
        assertThat(err.toString()).contains("--scaling").contains("must be quantiles or moments, got 'ranks'");
    }
}
