package io.ddestream.observability.live;

import io.ddestream.engine.density.DensityModel;

/**
 * A model's log-density on a square grid over two of its features: for more than two features, the slice through
 * the others' training means (the standardized origin), which is where most of the data's mass sits.
 *
 * <p>The grid spans {@value #SPAN_STDS} standard deviations either side of each feature's mean (the model's
 * standardizer), so it covers the data and the region just outside it, where anomalies show. Cell {@code (row,
 * column)} holds the log-density at {@code (xMin + (column + 0.5) * dx, yMin + (row + 0.5) * dy)}: rows go up in
 * y. A value that overflows is NaN (drawn as the lowest density).
 *
 * @param modelVersion the version of the model evaluated
 * @param x            index of the horizontal feature
 * @param y            index of the vertical feature
 * @param size         cells per side
 * @param slice        every feature's value on the slice (the chosen two vary; the others sit at their means)
 * @param logDensity   {@code size * size} values, row-major
 * @param threshold    the model's anomaly threshold: points where {@code logDensity < -threshold} are flagged, so
 *                     that level is the border of the flagged region
 */
public record DensityGrid(long modelVersion, int x, int y, int size, double xMin, double xMax, double yMin,
                          double yMax, double[] slice, double[] logDensity, double threshold) {

    /** Half the grid's width in standard deviations of each feature. */
    public static final double SPAN_STDS = 3.5;

    /** Evaluates {@code model} on a {@code size x size} grid over features {@code x} and {@code y}. */
    public static DensityGrid of(DensityModel model, int x, int y, int size) {
        int d = model.dimension();
        if (x < 0 || x >= d || y < 0 || y >= d || x == y) {
            throw new IllegalArgumentException("need two different features among " + d + ", got " + x + " and " + y);
        }
        if (size < 2 || size > 256) {
            throw new IllegalArgumentException("grid size must be in [2, 256], got " + size);
        }
        double[] mean = model.standardizer().mean();
        double[] std = model.standardizer().std();
        double xMin = mean[x] - SPAN_STDS * std[x];
        double xMax = mean[x] + SPAN_STDS * std[x];
        double yMin = mean[y] - SPAN_STDS * std[y];
        double yMax = mean[y] + SPAN_STDS * std[y];
        double dx = (xMax - xMin) / size;
        double dy = (yMax - yMin) / size;
        double[][] rows = new double[size * size][];
        for (int row = 0; row < size; row++) {
            for (int column = 0; column < size; column++) {
                double[] point = mean.clone();
                point[x] = xMin + (column + 0.5) * dx;
                point[y] = yMin + (row + 0.5) * dy;
                rows[row * size + column] = point;
            }
        }
        double[] logDensity = model.logDensity(rows);
        for (int i = 0; i < logDensity.length; i++) {
            if (!Double.isFinite(logDensity[i])) {
                logDensity[i] = Double.NaN;
            }
        }
        return new DensityGrid(model.provenance().version(), x, y, size, xMin, xMax, yMin, yMax, mean, logDensity,
                model.threshold());
    }

    /** The largest finite log-density on the grid (NaN if none). */
    public double max() {
        double max = Double.NaN;
        for (double v : logDensity) {
            if (!Double.isNaN(v) && !(v <= max)) {
                max = v;
            }
        }
        return max;
    }

    /** The smallest finite log-density on the grid (NaN if none). */
    public double min() {
        double min = Double.NaN;
        for (double v : logDensity) {
            if (!Double.isNaN(v) && !(v >= min)) {
                min = v;
            }
        }
        return min;
    }
}
