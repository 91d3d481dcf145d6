package io.ddestream.streaming;

import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamThreadFailuresTest {

    private final StreamThreadFailures failures = new StreamThreadFailures("scorer");

    @Test
    void shouldReplaceAThreadThatFailedBecauseNoBrokerAnsweredInTime() {
        // As Streams reports a send that timed out on metadata while the broker was down
        Throwable failure = new StreamsException("Exception caught in process",
                new TimeoutException("Topic dde.points.valid not present in metadata after 5000 ms."));
        assertThat(failures.handle(failure)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void shouldShutTheRoleDownOnAnythingElse() {
        assertThat(failures.handle(new StreamsException(new IllegalStateException("a bug"))))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(failures.handle(new StreamsException(new SaslAuthenticationException("bad password"))))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(failures.handle(new ProducerFencedException("another instance took over")))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }
}
