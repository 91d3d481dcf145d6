package io.ddestream.streaming;

import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.engine.snapshot.SnapshotFormatException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The newest acceptable model of one application instance: written by the thread that follows the models topic,
 * read by every scoring task. A snapshot is decoded once, when it arrives; readers get an immutable
 * {@link DensityModel} with a volatile read, so a swap never disturbs a point being scored.
 *
 * <p>A snapshot is rejected, with a log line and {@code dde.models.rejected{reason}}, when it does not decode
 * ({@code malformed}), was trained on other features ({@code feature_mismatch}), or is older than the current
 * model ({@code stale_version}); the last good model stays in use. The same version again is ignored (a restore
 * replays what is already loaded). {@code dde.model.version{role=<role>}} gauges the version in use (0: none yet),
 * {@code dde.model.logz{role=<role>}} its log Z and {@code dde.model.age{role=<role>}} the seconds since it was
 * made (both NaN before the first model). The scorer's role tag is {@code scorer}; the generator service, which
 * follows models the same way, says {@code generator}. Roles in one process share the rejection counters.
 */
public final class LiveModel {

    private static final Logger LOG = LoggerFactory.getLogger(LiveModel.class);

    /** Why a snapshot was not taken. */
    public enum Rejection {
        MALFORMED, FEATURE_MISMATCH, STALE_VERSION;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What {@link #offer} did with a snapshot. */
    public enum Outcome { ACCEPTED, ALREADY_CURRENT, REJECTED }

    private final List<String> features;
    private final AtomicReference<DensityModel> current = new AtomicReference<>();
    private final Map<Rejection, Counter> rejected = new EnumMap<>(Rejection.class);
    private final String role;
    private final AtomicLong newestSeen = new AtomicLong();

    /** The scorer's live model. */
    public LiveModel(List<String> features, MeterRegistry metrics) {
        this(features, metrics, "scorer");
    }

    /** A live model for the given role, which tags its version gauge. */
    public LiveModel(List<String> features, MeterRegistry metrics, String role) {
        this.features = List.copyOf(features);
        this.role = role;
        for (Rejection reason : Rejection.values()) {
            rejected.put(reason, Counter.builder("dde.models.rejected").tag("reason", reason.label())
                    .description("Model snapshots not taken into use").register(metrics));
        }
        Gauge.builder("dde.model.version", this, LiveModel::version).tag("role", role)
                .description("Version of the model in use; 0 before the first").register(metrics);
        Gauge.builder("dde.model.logz", this, LiveModel::logZ).tag("role", role)
                .description("log Z of the model in use (nats, standardized units)").register(metrics);
        Gauge.builder("dde.model.age", this, LiveModel::ageSeconds).tag("role", role).baseUnit("seconds")
                .description("Time since the model in use was made").register(metrics);
    }

    private double logZ() {
        DensityModel model = current.get();
        return model == null ? Double.NaN : model.logPartition().logZ();
    }

    private double ageSeconds() {
        DensityModel model = current.get();
        return model == null ? Double.NaN
                : Math.max(0, System.currentTimeMillis() - model.provenance().createdAt().toEpochMilli()) / 1000.0;
    }

    /** The model in use, or null before the first acceptable snapshot. */
    public DensityModel current() {
        return current.get();
    }

    /** The version of the model in use; 0 when there is none. */
    public long version() {
        DensityModel model = current.get();
        return model == null ? 0 : model.provenance().version();
    }

    /** The newest version among the snapshots offered that decoded, taken into use or not (0: none). */
    public long newestSeenVersion() {
        return newestSeen.get();
    }

    /** Decodes and checks a snapshot, and takes it into use if it is newer than the current model. */
    public Outcome offer(byte[] snapshot) {
        DensityModel model;
        try {
            model = DensityModelCodec.decode(snapshot);
        } catch (SnapshotFormatException e) {
            return reject(Rejection.MALFORMED, e.getMessage());
        }
        newestSeen.accumulateAndGet(model.provenance().version(), Math::max);
        if (!model.features().equals(features)) {
            return reject(Rejection.FEATURE_MISMATCH, "the model's features " + model.features()
                    + " are not the configured " + features);
        }
        long version = model.provenance().version();
        DensityModel previous = current.get();
        if (previous != null && version <= previous.provenance().version()) {
            if (version == previous.provenance().version()) {
                return Outcome.ALREADY_CURRENT;
            }
            return reject(Rejection.STALE_VERSION, "version " + version + " is older than the current "
                    + previous.provenance().version());
        }
        current.set(model);
        LOG.info("{}: model version {} in use ({} steps, {})", role, version, model.provenance().steps(),
                model.logPartition().describe());
        return Outcome.ACCEPTED;
    }

    private Outcome reject(Rejection reason, String detail) {
        // Logged before it is counted: whoever sees the count (a dashboard, a test) finds the line that explains it.
        LOG.warn("{}: model snapshot rejected ({}): {}; keeping version {}", role, reason.label(), detail, version());
        rejected.get(reason).increment();
        return Outcome.REJECTED;
    }
}
