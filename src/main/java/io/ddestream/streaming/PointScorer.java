package io.ddestream.streaming;

import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.Score;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Duration;

/**
 * Scores each valid point with the newest model of the {@link LiveModel}, in plain Java (a few microseconds per
 * point), and forwards exactly one {@link ScoreRecord} per point, keyed by the point's id:
 *
 * <ul>
 *   <li>with a model: {@code status=scored} and every score field;</li>
 *   <li>before any model exists: {@code status=warming_up}, {@code anomaly=false}, {@code model_version=0}, no
 *       score fields; so consumers see every point, and can tell "not scored yet" from "normal";</li>
 *   <li>when the log-density overflows (a point absurdly far from the data): {@code status=out_of_range},
 *       flagged as an anomaly, without score fields, so no NaN or infinity reaches the topic.</li>
 * </ul>
 *
 * <p>Counts outputs in {@code dde.scores{status, anomaly}}; times every point from its event time ({@code ts}) to
 * its scoring in {@code dde.score.latency} when that time is within a bound ({@link ScoreLatency}); and records the
 * p-values of scored points in {@code dde.score.pvalue} (uniform on a stream the model fits, piled up near 0 where
 * it does not).
 */
public final class PointScorer implements Processor<String, Point, String, ScoreRecord> {

    private final LiveModel live;
    private final Counter normal;
    private final Counter anomalous;
    private final Counter warmingUp;
    private final Counter outOfRange;
    private final ScoreLatency latency;
    private final DistributionSummary pValues;
    private ProcessorContext<String, ScoreRecord> context;

    /** A scorer that times points within the {@linkplain ScoreLatency#DEFAULT_BOUND default latency bound}. */
    public PointScorer(LiveModel live, MeterRegistry metrics) {
        this(live, metrics, ScoreLatency.DEFAULT_BOUND);
    }

    /**
     * @param latencyBound points whose {@code ts} is further than this from the wall clock are scored but not timed
     */
    public PointScorer(LiveModel live, MeterRegistry metrics, Duration latencyBound) {
        this.live = live;
        this.normal = scores(metrics, ScoreRecord.Status.SCORED, false);
        this.anomalous = scores(metrics, ScoreRecord.Status.SCORED, true);
        this.warmingUp = scores(metrics, ScoreRecord.Status.WARMING_UP, false);
        this.outOfRange = scores(metrics, ScoreRecord.Status.OUT_OF_RANGE, true);
        this.latency = new ScoreLatency(metrics, latencyBound, System::currentTimeMillis);
        this.pValues = DistributionSummary.builder("dde.score.pvalue")
                .description("p-values of scored points (the share of training points scoring at least as anomalous)")
                .serviceLevelObjectives(P_VALUE_BUCKETS)
                .register(metrics);
    }

    /** Bucket bounds of {@code dde.score.pvalue}: fine near 0, where the flags are. */
    static final double[] P_VALUE_BUCKETS = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6,
            0.7, 0.8, 0.9, 1.0};

    private static Counter scores(MeterRegistry metrics, ScoreRecord.Status status, boolean anomaly) {
        return Counter.builder("dde.scores").tag("status", status.label()).tag("anomaly", String.valueOf(anomaly))
                .description("Score records written").register(metrics);
    }

    @Override
    public void init(ProcessorContext<String, ScoreRecord> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Point> record) {
        ScoreRecord score = score(record.value());
        latency.record(record.value().timestamp());
        context.forward(record.withValue(score));
    }

    private ScoreRecord score(Point point) {
        DensityModel model = live.current();
        if (model == null) {
            warmingUp.increment();
            return ScoreRecord.warmingUp(point);
        }
        long version = model.provenance().version();
        Score score = model.score(point.features());
        if (!isFinite(score)) {
            outOfRange.increment();
            return ScoreRecord.outOfRange(point, version);
        }
        (score.anomaly() ? anomalous : normal).increment();
        pValues.record(score.pValue());
        return ScoreRecord.scored(point, version, score);
    }

    private static boolean isFinite(Score s) {
        boolean finite = s.inRange() && Double.isFinite(s.pValue());
        for (Score.FeatureContribution c : s.explanation()) {
            finite &= Double.isFinite(c.weight());
        }
        return finite;
    }
}
