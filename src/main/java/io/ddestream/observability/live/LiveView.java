package io.ddestream.observability.live;

import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.Score;
import io.ddestream.streaming.Point;
import io.ddestream.streaming.ScoreRecord;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The live page's memory: the newest model, and bounded buffers of recent points, scores, anomalies and generated
 * samples, fed by {@link LiveFeed} (one thread) and read by the HTTP server (several). No Kafka here.
 *
 * <p>Points and scores meet by id: a score carries no features, so an anomaly's values come from the remembered
 * point of the same id, and a plotted point's colour from the remembered score. Both memories are bounded
 * ({@value #REMEMBERED} of each); the page plots the newest {@value #PLOTTED} points and samples.
 */
public final class LiveView {

    /** Points and scores remembered for the join by id and for the histogram. */
    public static final int REMEMBERED = 5000;
    /** Points and samples drawn on the page. */
    public static final int PLOTTED = 1500;
    /** Anomalies listed on the page. */
    public static final int LISTED_ANOMALIES = 50;
    /** Bins of the score histogram. */
    public static final int HISTOGRAM_BINS = 40;
    /** Seconds over which rates are averaged. */
    static final int RATE_WINDOW_SECONDS = 10;

    private final List<String> features;
    private final LongSupplier clock;
    private final Map<String, Point> points = bounded(REMEMBERED);
    private final Map<String, ScoreRecord> scores = bounded(REMEMBERED);
    private final ArrayDeque<LiveSnapshot.Anomaly> anomalies = new ArrayDeque<>();
    private final ArrayDeque<double[]> samples = new ArrayDeque<>();
    private final WindowRate pointRate = new WindowRate(RATE_WINDOW_SECONDS);
    private final WindowRate scoreRate = new WindowRate(RATE_WINDOW_SECONDS);
    private final WindowRate anomalyRate = new WindowRate(RATE_WINDOW_SECONDS);
    private final WindowRate sampleRate = new WindowRate(RATE_WINDOW_SECONDS);
    private long pointTotal;
    private long scoreTotal;
    private long anomalyTotal;
    private long sampleTotal;
    private long rejectedTotal;
    private volatile DensityModel model;
    private volatile DensityGrid lastGrid;

    /** A view of points with these features (in the models' order), on the wall clock. */
    public LiveView(List<String> features) {
        this(features, System::currentTimeMillis);
    }

    LiveView(List<String> features, LongSupplier clock) {
        if (features.size() < 2) {
            throw new IllegalArgumentException("the live page plots two features; there are " + features.size());
        }
        this.features = List.copyOf(features);
        this.clock = clock;
    }

    private static <V> Map<String, V> bounded(int capacity) {
        return new LinkedHashMap<>(2 * capacity) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }

    public List<String> features() {
        return features;
    }

    /** The index of a feature by name, or -1. */
    public int featureIndex(String name) {
        return features.indexOf(name);
    }

    /** A valid data point, with its record's timestamp (for rates). */
    public synchronized void onPoint(Point point, long recordTimestamp) {
        if (point.features().length != features.size()) {
            return;
        }
        // Re-inserting moves a repeated id to the newest end.
        points.remove(point.id());
        points.put(point.id(), point);
        pointTotal++;
        pointRate.mark(recordTimestamp, clock.getAsLong());
    }

    /** A record on the points topic that is not a valid point (the scorer sends it to the dead-letter topic). */
    public synchronized void onRejectedPoint() {
        rejectedTotal++;
    }

    /** A score record, with its record's timestamp. */
    public synchronized void onScore(ScoreRecord score, long recordTimestamp) {
        scores.remove(score.id());
        scores.put(score.id(), score);
        scoreTotal++;
        long now = clock.getAsLong();
        scoreRate.mark(recordTimestamp, now);
        if (score.anomaly()) {
            anomalyTotal++;
            anomalyRate.mark(recordTimestamp, now);
            Point point = points.get(score.id());
            Score s = score.score();
            anomalies.addFirst(new LiveSnapshot.Anomaly(score.id(), score.timestamp(), score.status().label(),
                    s == null ? null : s.anomalyScore(), s == null ? null : s.pValue(), score.modelVersion(),
                    point == null ? null : point.features(), s == null ? List.of() : s.explanation()));
            if (anomalies.size() > LISTED_ANOMALIES) {
                anomalies.removeLast();
            }
        }
    }

    /** A generated sample (a point in the points format), with its record's timestamp. */
    public synchronized void onSample(Point sample, long recordTimestamp) {
        if (sample.features().length != features.size()) {
            return;
        }
        samples.addLast(sample.features());
        if (samples.size() > PLOTTED) {
            samples.removeFirst();
        }
        sampleTotal++;
        sampleRate.mark(recordTimestamp, clock.getAsLong());
    }

    /** A decoded model of these features; taken if newer than the current one. */
    public void onModel(DensityModel candidate) {
        if (!candidate.features().equals(features)) {
            throw new IllegalArgumentException("the model's features " + candidate.features() + " are not "
                    + features);
        }
        synchronized (this) {
            DensityModel current = model;
            if (current == null || candidate.provenance().version() > current.provenance().version()) {
                model = candidate;
            }
        }
    }

    /** The newest model, or null. */
    public DensityModel model() {
        return model;
    }

    /**
     * The newest model's density over features {@code x} and {@code y}, or null before the first model. The last
     * grid is kept: the page asks again every time it polls, and the model changes every few seconds.
     */
    public DensityGrid density(int x, int y, int size) {
        DensityModel current = model;
        if (current == null) {
            return null;
        }
        DensityGrid cached = lastGrid;
        if (cached != null && cached.modelVersion() == current.provenance().version() && cached.x() == x
                && cached.y() == y && cached.size() == size) {
            return cached;
        }
        DensityGrid grid = DensityGrid.of(current, x, y, size);
        lastGrid = grid;
        return grid;
    }

    /** What the page shows now, plotted on features {@code x} and {@code y}. */
    public synchronized LiveSnapshot snapshot(int x, int y) {
        checkFeature(x);
        checkFeature(y);
        long now = clock.getAsLong();
        List<LiveSnapshot.PlotPoint> plotted = new ArrayList<>(Math.min(PLOTTED, points.size()));
        int skip = Math.max(0, points.size() - PLOTTED);
        Iterator<Point> it = points.values().iterator();
        for (int i = 0; i < skip; i++) {
            it.next();
        }
        while (it.hasNext()) {
            Point p = it.next();
            plotted.add(new LiveSnapshot.PlotPoint(p.features()[x], p.features()[y], status(scores.get(p.id()))));
        }
        List<double[]> projectedSamples = new ArrayList<>(samples.size());
        for (double[] s : samples) {
            projectedSamples.add(new double[] {s[x], s[y]});
        }
        return new LiveSnapshot(features, x, y, now, summary(model), new LiveSnapshot.Rates(
                pointRate.perSecond(now), scoreRate.perSecond(now), anomalyRate.perSecond(now),
                sampleRate.perSecond(now)),
                new LiveSnapshot.Totals(pointTotal, scoreTotal, anomalyTotal, sampleTotal, rejectedTotal),
                plotted, projectedSamples, histogram(), List.copyOf(anomalies));
    }

    private void checkFeature(int index) {
        if (index < 0 || index >= features.size()) {
            throw new IllegalArgumentException("no feature " + index + " among " + features);
        }
    }

    private static LiveSnapshot.PointStatus status(ScoreRecord score) {
        if (score == null || score.status() == ScoreRecord.Status.WARMING_UP) {
            return LiveSnapshot.PointStatus.UNSCORED;
        }
        return score.anomaly() ? LiveSnapshot.PointStatus.ANOMALY : LiveSnapshot.PointStatus.NORMAL;
    }

    private static LiveSnapshot.ModelSummary summary(DensityModel m) {
        if (m == null) {
            return null;
        }
        return new LiveSnapshot.ModelSummary(m.provenance().version(), m.provenance().steps(),
                m.provenance().trainingPoints(), m.logPartition().logZ(), m.logPartition().standardError(),
                m.logPartition().effectiveSampleSize(), m.sigma(), m.threshold(), m.falseAlarmRate(),
                m.provenance().createdAt().toEpochMilli(), m.provisional());
    }

    private LiveSnapshot.Histogram histogram() {
        double[] values = new double[scores.size()];
        boolean[] flagged = new boolean[scores.size()];
        int n = 0;
        long outOfRange = 0;
        double threshold = Double.NaN;
        for (ScoreRecord record : scores.values()) {
            if (record.status() == ScoreRecord.Status.OUT_OF_RANGE) {
                outOfRange++;
            } else if (record.status() == ScoreRecord.Status.SCORED) {
                values[n] = record.score().anomalyScore();
                flagged[n] = record.score().anomaly();
                threshold = record.score().threshold(); // the newest score's, after the loop
                n++;
            }
        }
        long[] counts = new long[HISTOGRAM_BINS];
        long[] anomalous = new long[HISTOGRAM_BINS];
        if (n == 0) {
            return new LiveSnapshot.Histogram(0, 1, counts, anomalous, threshold, 0, outOfRange);
        }
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        // Trim the extreme half percent on either side, so that one far point does not squash the rest.
        double lo = sorted[(int) Math.floor(0.005 * (n - 1))];
        double hi = sorted[(int) Math.ceil(0.995 * (n - 1))];
        if (Double.isFinite(threshold)) {
            lo = Math.min(lo, threshold);
            hi = Math.max(hi, threshold);
        }
        double pad = hi > lo ? 0.04 * (hi - lo) : 0.5;
        lo -= pad;
        hi += pad;
        double width = (hi - lo) / HISTOGRAM_BINS;
        for (int i = 0; i < n; i++) {
            int bin = (int) Math.floor((values[i] - lo) / width);
            bin = Math.max(0, Math.min(HISTOGRAM_BINS - 1, bin));
            counts[bin]++;
            if (flagged[i]) {
                anomalous[bin]++;
            }
        }
        return new LiveSnapshot.Histogram(lo, hi, counts, anomalous, threshold, n, outOfRange);
    }
}
