package io.ddestream.streaming;

import io.ddestream.engine.density.DensityLearner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The trainer's meters, registered once per application instance (a task can move between processors; the meters
 * stay): {@code dde.train.points{outcome}}, {@code dde.train.steps}, {@code dde.train.steps.refused} (steps whose
 * loss or gradient was not finite, or whose gradient exploded: the weights stayed as they were), {@code dde.train.loss},
 * {@code dde.train.step.duration}, {@code dde.train.sigma} (the sigma the learner learns at: NaN during the warm-up
 * and the sigma selection), {@code dde.model.version{role=trainer}}, {@code dde.model.logz{role=trainer}}
 * and {@code dde.model.age{role=trainer}} (seconds since the last publication). Gauges read NaN until there is a
 * value (Prometheus shows NaN; no NaN reaches a topic or a model).
 */
final class TrainerMetrics {

    private final Map<DensityLearner.Admission, Counter> admissions = new EnumMap<>(DensityLearner.Admission.class);
    private final Counter rejected;
    private final Counter invalid;
    private final AtomicLong steps = new AtomicLong();
    private final AtomicLong refusedSteps = new AtomicLong();
    private final AtomicLong version = new AtomicLong();
    private final AtomicReference<Double> loss = new AtomicReference<>(Double.NaN);
    private final AtomicReference<Double> sigma = new AtomicReference<>(Double.NaN);
    private final AtomicReference<Double> logZ = new AtomicReference<>(Double.NaN);
    private final AtomicLong publishedAtMillis = new AtomicLong(-1);
    private final Timer stepDuration;

    TrainerMetrics(MeterRegistry metrics) {
        for (DensityLearner.Admission a : DensityLearner.Admission.values()) {
            String outcome = a == DensityLearner.Admission.WARMED_UP ? "warming_up" : a.name().toLowerCase(Locale.ROOT);
            admissions.put(a, points(metrics, outcome));
        }
        rejected = points(metrics, "rejected");
        invalid = points(metrics, "invalid");
        FunctionCounter.builder("dde.train.steps", steps, AtomicLong::get)
                .description("Accepted denoising steps").register(metrics);
        FunctionCounter.builder("dde.train.steps.refused", refusedSteps, AtomicLong::get)
                .description("Denoising steps refused as divergent; the weights stayed at the last good state")
                .register(metrics);
        Gauge.builder("dde.train.loss", loss, AtomicReference::get)
                .description("Denoising loss, exponentially smoothed").register(metrics);
        Gauge.builder("dde.train.sigma", sigma, AtomicReference::get)
                .description("Noise scale the learner learns at (standardized units; NaN until the warm-up and the "
                        + "sigma selection are over)").register(metrics);
        Gauge.builder("dde.model.version", version, AtomicLong::get).tag("role", "trainer")
                .description("Version of the last published model").register(metrics);
        Gauge.builder("dde.model.logz", logZ, AtomicReference::get).tag("role", "trainer")
                .description("log Z of the last published model (nats, standardized units)").register(metrics);
        Gauge.builder("dde.model.age", publishedAtMillis, TrainerMetrics::ageSeconds).tag("role", "trainer")
                .baseUnit("seconds").description("Time since the last published model was made").register(metrics);
        stepDuration = Timer.builder("dde.train.step.duration")
                .description("One denoising step: minibatch, forward, double backprop, Adam update")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(metrics);
    }

    /** Seconds since the model made at {@code createdAtMillis} (NaN: none yet). */
    static double ageSeconds(AtomicLong createdAtMillis) {
        long created = createdAtMillis.get();
        return created < 0 ? Double.NaN : Math.max(0, System.currentTimeMillis() - created) / 1000.0;
    }

    private static Counter points(MeterRegistry metrics, String outcome) {
        return Counter.builder("dde.train.points").tag("outcome", outcome)
                .description("Validated points seen by the trainer").register(metrics);
    }

    void admitted(DensityLearner.Admission admission) {
        admissions.get(admission).increment();
    }

    /** A point on the training topic with another dimension than the configured features. */
    void rejected() {
        rejected.increment();
    }

    /** A record on the points topic that is not a valid point. */
    void invalid() {
        invalid.increment();
    }

    void stepTook(long nanos) {
        stepDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    void update(DensityLearner trainer) {
        // Provisional learners' steps stay counted when the selected learner replaces them: the counters only grow.
        steps.set(trainer.steps() + trainer.provisionalSteps());
        refusedSteps.set(trainer.refusedSteps() + trainer.provisionalRefusedSteps());
        version.set(trainer.version());
        loss.set(trainer.smoothedLoss());
        sigma.set(trainer.sigma());
        if (trainer.newest() != null) {
            logZ.set(trainer.newest().logPartition().logZ());
            publishedAtMillis.set(trainer.newest().provenance().createdAt().toEpochMilli());
        }
    }
}
