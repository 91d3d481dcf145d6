package io.ddestream.cli;

import io.ddestream.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dde} command line: one jar, several subcommands. {@code main} only wires picocli and turns
 * user errors into one-line messages with a non-zero exit.
 */
@Command(name = "dde",
        mixinStandardHelpOptions = true,
        versionProvider = BuildInfo.class,
        description = "Learn the probability density of data with denoising density estimators, score it, sample it.",
        subcommands = {FitCommand.class, ScoreCommand.class, SampleCommand.class, InfoCommand.class, DemoCommand.class,
                StreamCommand.class, TopicsCommand.class, ProduceCommand.class, BrokerCommand.class,
                BenchCommand.class, CommandLine.HelpCommand.class})
public final class DdeCommand {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by tests to run commands in-process). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new DdeCommand());
        cli.setExecutionExceptionHandler(new UserErrors());
        return cli;
    }
}
