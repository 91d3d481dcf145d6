package io.ddestream.cli;

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
}
