package io.ddestream.engine.dde;

/**
 * The noise scale sigma (in standardized units) as a function of the training step: constant, or annealed
 * geometrically from {@code initial} by {@code factor} every {@code every} steps down to {@code floor}
 * (docs/method.md section 1: tabular runs anneal 0.1 by x0.9091 every 10k steps to 0.015..0.05).
 */
public record SigmaSchedule(double initial, double floor, long every, double factor) {

    public SigmaSchedule {
        if (!(initial > 0) || !(floor > 0) || floor > initial || every < 1 || !(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("invalid sigma schedule: initial " + initial + ", floor " + floor
                    + ", every " + every + ", factor " + factor);
        }
    }

    public static SigmaSchedule constant(double sigma) {
        return new SigmaSchedule(sigma, sigma, 1, 1.0);
    }

    public static SigmaSchedule annealed(double initial, double floor, long every, double factor) {
        return new SigmaSchedule(initial, floor, every, factor);
    }

    public boolean isConstant() {
        return initial == floor;
    }

    /** Sigma at a step (0-based). */
    public double at(long step) {
        if (isConstant()) {
            return initial;
        }
        return Math.max(floor, initial * Math.pow(factor, (double) (step / every)));
    }
}
