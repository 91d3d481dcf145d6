package io.ddestream.streaming.demo;

import io.ddestream.data.CsvTable;
import io.ddestream.data.ToyDistribution;
import io.ddestream.streaming.PointFeed;

import java.util.List;
import java.util.Random;

/**
 * Where the demo's points come from: a built-in 2D toy with anomalies injected among its points, or the rows of a
 * CSV file replayed once.
 */
public interface DemoSource {

    /** The id prefix of injected anomalies, which {@link ScoreWatch} tells apart from the toy's points. */
    String INJECTED_PREFIX = "anomaly-";

    /** The feature names, in the order of the values sent. */
    List<String> features();

    /** A few words for the demo's first line, e.g. "the 8gaussians toy with 2.0% injected anomalies". */
    String description();

    /** Sends the points to {@code feed}, until they run out or the thread is interrupted. */
    void emit(PointFeed feed) throws InterruptedException;

    /**
     * An endless stream from {@code distribution} in which a share {@code anomalyRate} of the points is replaced
     * by anomalies uniform on [-6, 6]^2, with ids {@value #INJECTED_PREFIX}n (the toy's own are toy-n).
     *
     * @throws IllegalArgumentException if {@code anomalyRate} is not in [0, 1)
     */
    static DemoSource toyWithAnomalies(ToyDistribution distribution, double anomalyRate, long seed) {
        if (!(anomalyRate >= 0 && anomalyRate < 1)) {
            throw new IllegalArgumentException("the anomaly rate must be in [0, 1), got " + anomalyRate);
        }
        return new DemoSource() {
            public List<String> features() {
                return distribution.columns();
            }

            public String description() {
                return String.format("the %s toy with %.1f%% injected anomalies", distribution.cliName(),
                        100 * anomalyRate);
            }

            public void emit(PointFeed feed) throws InterruptedException {
                Random rng = new Random(seed);
                for (long n = 0; ; ) {
                    // Whole batches: some toys build each batch as a whole (see ToyDistribution).
                    for (double[] point : distribution.sample(1000, rng)) {
                        if (rng.nextDouble() < anomalyRate) {
                            double[] anomaly = {rng.nextDouble() * 12 - 6, rng.nextDouble() * 12 - 6};
                            feed.send(INJECTED_PREFIX + n++, anomaly);
                        } else {
                            feed.send("toy-" + n++, point);
                        }
                    }
                }
            }
        };
    }

    /** The rows of {@code table}, once, in file order, with the given ids (one per row). */
    static DemoSource replay(CsvTable table, List<String> ids) {
        if (ids.size() != table.rowCount()) {
            throw new IllegalArgumentException(ids.size() + " ids for " + table.rowCount() + " rows");
        }
        return new DemoSource() {
            public List<String> features() {
                return table.columns();
            }

            public String description() {
                return String.format("a replay of %s (%d rows, features %s)", table.source(), table.rowCount(),
                        table.columns());
            }

            public void emit(PointFeed feed) throws InterruptedException {
                double[][] rows = table.rows();
                for (int i = 0; i < rows.length; i++) {
                    feed.send(ids.get(i), rows[i]);
                }
            }
        };
    }
}
