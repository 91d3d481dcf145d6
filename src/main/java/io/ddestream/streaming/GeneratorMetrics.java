package io.ddestream.streaming;

import io.ddestream.engine.generator.OnlineGenerator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The generator service's meters: {@code dde.generator.kl} (nats; NaN before the first estimate),
 * {@code dde.generator.steps}, {@code dde.generator.steps.refused}, {@code dde.samples.published},
 * {@code dde.samples.skipped} (a non-finite value), {@code dde.generator.lag} (data-model versions behind the
 * newest seen on the models topic), {@code dde.generator.version} (its own checkpoint version),
 * {@code dde.generator.snapshots.rejected} (checkpoints on its topic it could not resume from) and
 * {@code dde.generator.rebased} (fresh starts against a data model in another space, or after divergence). The
 * data-model version it trains against is {@code dde.model.version{role=generator}}, gauged by its
 * {@link LiveModel}.
 *
 * <p>Written by the role's thread, read by whoever scrapes: the values sit in atomics.
 */
final class GeneratorMetrics {

    private final AtomicReference<Double> kl = new AtomicReference<>(Double.NaN);
    private final AtomicLong steps = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong version = new AtomicLong();
    private final Counter published;
    private final Counter skipped;
    private final Counter snapshotsRejected;
    private final Counter rebased;

    GeneratorMetrics(MeterRegistry metrics) {
        Gauge.builder("dde.generator.kl", kl, AtomicReference::get).baseUnit("nats")
                .description("Estimated KL(q~ || p~) of the generator against the data model").register(metrics);
        // The generator's own counts, as dde.train.steps: they continue after a restart (from the checkpoint), and
        // start again from 0 when the generator is re-based.
        FunctionCounter.builder("dde.generator.steps", steps, AtomicLong::get)
                .description("Accepted generator steps").register(metrics);
        FunctionCounter.builder("dde.generator.steps.refused", refused, AtomicLong::get)
                .description("Generator steps refused for a non-finite gradient").register(metrics);
        Gauge.builder("dde.generator.lag", lag, AtomicLong::get)
                .description("Data-model versions the generator is behind the newest seen").register(metrics);
        Gauge.builder("dde.generator.version", version, AtomicLong::get)
                .description("Version of the generator's last published checkpoint").register(metrics);
        published = Counter.builder("dde.samples.published").description("Generated samples published")
                .register(metrics);
        skipped = Counter.builder("dde.samples.skipped")
                .description("Generated samples not published: a value was not finite").register(metrics);
        snapshotsRejected = Counter.builder("dde.generator.snapshots.rejected")
                .description("Generator checkpoints that could not be resumed from").register(metrics);
        rebased = Counter.builder("dde.generator.rebased")
                .description("Fresh generator starts: another data space, or divergence").register(metrics);
    }

    void published(int n) {
        published.increment(n);
    }

    void skipped(int n) {
        skipped.increment(n);
    }

    void snapshotRejected() {
        snapshotsRejected.increment();
    }

    void rebased() {
        rebased.increment();
    }

    void update(OnlineGenerator generator, long newestSeenDataVersion) {
        generator.latestKl().ifPresentOrElse(estimate -> kl.set(estimate.value()), () -> kl.set(Double.NaN));
        version.set(generator.version());
        steps.set(generator.steps());
        refused.set(generator.refusedSteps());
        lag.set(generator.started() ? Math.max(0, newestSeenDataVersion - generator.dataModelVersion()) : 0);
    }
}
