package io.ddestream.cli;

import io.ddestream.streaming.ScoreLatency;
import io.ddestream.streaming.StreamingConfig;
import picocli.CommandLine.Option;

import java.time.Duration;

/** Which points the scorer's latency metric times ({@code stream}, {@code demo}). */
final class LatencyOptions {

    @Option(names = "--latency-bound", defaultValue = "600", paramLabel = "SECONDS",
            description = "Time a point in dde.score.latency only if its ts is within this of the scorer's clock; "
                    + "older or future ones are scored but counted in dde.score.latency.unmeasured "
                    + "(default ${DEFAULT-VALUE}).")
    double boundSeconds = ScoreLatency.DEFAULT_BOUND.toSeconds();

    /** The bound; a clear error for a bad value. */
    Duration bound() {
        if (!(boundSeconds >= 0.001) || boundSeconds > 365 * 86_400.0) {
            throw new UserException("--latency-bound must be between 0.001 and 31536000 seconds (a year), got "
                    + boundSeconds);
        }
        return Duration.ofMillis(Math.round(boundSeconds * 1000));
    }

    /** The configuration with this bound. */
    StreamingConfig apply(StreamingConfig config) {
        return config.withLatencyBound(bound());
    }
}
