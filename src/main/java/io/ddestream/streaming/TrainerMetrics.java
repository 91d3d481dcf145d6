package io.ddestream.streaming;

import io.ddestream.streaming.training.OnlineTrainer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The trainer's meters, registered once per application instance (a task can move between processors; the meters
 * stay): {@code dde.train.points{outcome}}, {@code dde.train.steps}, {@code dde.train.steps.refused} (steps whose
 * loss or gradient was not finite, or whose gradient exploded: the weights stayed as they were), {@code dde.train.loss},
 * {@code dde.model.version{role=trainer}} and {@code dde.model.logz{role=trainer}}.
 */
final class TrainerMetrics {

    private final Map<OnlineTrainer.Admission, Counter> admissions = new EnumMap<>(OnlineTrainer.Admission.class);
    private final Counter rejected;
    private final Counter invalid;
    private final AtomicLong steps = new AtomicLong();
    private final AtomicLong refusedSteps = new AtomicLong();
    private final AtomicLong version = new AtomicLong();
    private final AtomicReference<Double> loss = new AtomicReference<>(Double.NaN);
    private final AtomicReference<Double> logZ = new AtomicReference<>(Double.NaN);

    TrainerMetrics(MeterRegistry metrics) {
        for (OnlineTrainer.Admission a : OnlineTrainer.Admission.values()) {
            String outcome = a == OnlineTrainer.Admission.WARMED_UP ? "warming_up" : a.name().toLowerCase(Locale.ROOT);
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
        Gauge.builder("dde.model.version", version, AtomicLong::get).tag("role", "trainer")
                .description("Version of the last published model").register(metrics);
        Gauge.builder("dde.model.logz", logZ, AtomicReference::get).tag("role", "trainer")
                .description("log Z of the last published model").register(metrics);
    }

    private static Counter points(MeterRegistry metrics, String outcome) {
        return Counter.builder("dde.train.points").tag("outcome", outcome)
                .description("Validated points seen by the trainer").register(metrics);
    }

    void admitted(OnlineTrainer.Admission admission) {
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

    void update(OnlineTrainer trainer) {
        steps.set(trainer.steps());
        refusedSteps.set(trainer.refusedSteps());
        version.set(trainer.version());
        loss.set(trainer.smoothedLoss());
        if (trainer.newest() != null) {
            logZ.set(trainer.newest().logPartition().logZ());
        }
    }
}
