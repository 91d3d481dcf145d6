package io.ddestream.cli;

import io.ddestream.data.DataFileException;
import io.ddestream.engine.snapshot.SnapshotFormatException;
import io.ddestream.streaming.KafkaFailures;
import io.ddestream.streaming.process.HttpUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Objects;

/**
 * Turns the errors a user can fix (bad files, bad data, bad models, bad options, an HTTP port already taken, Kafka
 * refusing the client's credentials or permissions) into one line on stderr and exit code 1; anything else is a bug and keeps its stack trace (exit code 2).
 */
final class UserErrors implements IExecutionExceptionHandler {

    static final int USER_ERROR = 1;
    static final int INTERNAL_ERROR = 2;

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        String name = cmd.getCommandName();
        if (isUserError(e)) {
            cmd.getErr().println("dde " + name + ": error: " + message(e));
            return USER_ERROR;
        }
        cmd.getErr().println("dde " + name + ": internal error (please report): " + e);
        e.printStackTrace(cmd.getErr());
        return INTERNAL_ERROR;
    }

    private static boolean isUserError(Exception e) {
        return e instanceof UserException
                || KafkaFailures.refusedAccess(e)
                || e instanceof HttpUnavailableException
                || e instanceof DataFileException
                || e instanceof SnapshotFormatException
                || e instanceof IllegalArgumentException
                || e instanceof UncheckedIOException
                || e instanceof java.io.IOException;
    }

    private static String message(Exception e) {
        // An UncheckedIOException that only wraps says nothing of its own; one with a message (naming a file) does.
        Throwable cause = e instanceof UncheckedIOException && e.getCause() != null
                && Objects.equals(e.getMessage(), String.valueOf(e.getCause())) ? e.getCause() : e;
        // These two carry nothing but the file's name in their message.
        if (cause instanceof NoSuchFileException) {
            return "no such file: " + cause.getMessage();
        }
        if (cause instanceof AccessDeniedException) {
            return "permission denied: " + cause.getMessage();
        }
        if (cause instanceof HttpUnavailableException) {
            return cause.getMessage() + "; choose another --http-port (0 picks a free one) or --http-host";
        }
        if (KafkaFailures.refusedAccess(cause)) {
            return cause.getMessage() + " (check the Kafka client's security settings: --kafka-config, "
                    + "--kafka-property)";
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
