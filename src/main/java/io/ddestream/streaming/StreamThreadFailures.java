package io.ddestream.streaming;

import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a role does when one of its stream threads dies. A failure Kafka calls retriable (somewhere in the cause
 * chain: a {@code TimeoutException} because no broker answered within {@code max.block.ms}, a lost leader, ...)
 * replaces the thread: its tasks restart from their last commit (exactly-once aborts what was in flight), so a
 * broker outage longer than the clients' timeouts costs time, not the role. Any other failure (a bug, a refused
 * login, a fenced instance) shuts the role down, for the process to report.
 */
final class StreamThreadFailures implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailures.class);

    private final String role;

    StreamThreadFailures(String role) {
        this.role = role;
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable failure) {
        if (transientFailure(failure)) {
            LOG.warn("a stream thread of the {} role failed on a transient Kafka error and is replaced; its tasks "
                    + "resume from their last commit: {}", role, rootMessage(failure));
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        LOG.error("the {} role failed and shuts down", role, failure);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    static boolean transientFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
