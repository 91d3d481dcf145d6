package io.ddestream.streaming;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The scorer's latency, from a point's event time ({@code ts}) to its scoring, measured only where it means
 * something: {@code dde.score.latency} (a histogram, for percentiles in Prometheus; this excludes the commit
 * interval a read-committed consumer waits on top).
 *
 * <p>A point whose timestamp is more than the bound away from this clock, in either direction, is not timed but
 * counted in {@code dde.score.latency.unmeasured{reason=too_old|future}}: a replayed archive, a {@code ts} of 0 or a
 * producer's broken clock says nothing about the scorer, and would wreck the timer: Micrometer sums latencies as a
 * 64-bit count of nanoseconds, which six points at {@code ts} 0 (56 years each) overflow. With the bound, each point
 * adds at most the bound to the sum. A point slightly in the future (a producer's clock ahead of this one by less
 * than the bound) counts as no delay.
 */
public final class ScoreLatency {

    /** The default bound: far beyond a healthy scorer's latency; a backlog that old shows in consumer lag. */
    public static final Duration DEFAULT_BOUND = Duration.ofMinutes(10);

    private final long boundMillis;
    private final LongSupplier clockMillis;
    private final Timer latency;
    private final Counter tooOld;
    private final Counter future;

    /**
     * @param bound       points whose {@code ts} is further than this from {@code clockMillis} are not timed
     * @param clockMillis the scorer's clock, epoch milliseconds
     */
    public ScoreLatency(MeterRegistry metrics, Duration bound, LongSupplier clockMillis) {
        if (bound.isNegative() || bound.isZero()) {
            throw new IllegalArgumentException("the latency bound must be positive, got " + bound);
        }
        this.boundMillis = bound.toMillis();
        this.clockMillis = clockMillis;
        this.latency = Timer.builder("dde.score.latency")
                .description("From a point's event time (ts) to its scoring, for points within the latency bound")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1))
                .register(metrics);
        this.tooOld = unmeasured(metrics, "too_old");
        this.future = unmeasured(metrics, "future");
    }

    private static Counter unmeasured(MeterRegistry metrics, String reason) {
        return Counter.builder("dde.score.latency.unmeasured").tag("reason", reason)
                .description("Scored points whose event time (ts) is further than the latency bound from the "
                        + "scorer's clock, so not timed")
                .register(metrics);
    }

    /** Times one scored point from its event time, or counts it as unmeasured. */
    public void record(long eventTimeMillis) {
        // Both are non-negative longs (the parser rejects a negative ts), so the difference cannot overflow.
        long ageMillis = clockMillis.getAsLong() - eventTimeMillis;
        if (ageMillis > boundMillis) {
            tooOld.increment();
        } else if (ageMillis < -boundMillis) {
            future.increment();
        } else {
            latency.record(Math.max(0, ageMillis), TimeUnit.MILLISECONDS);
        }
    }
}
