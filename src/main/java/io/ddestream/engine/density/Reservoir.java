package io.ddestream.engine.density;

import java.util.SplittableRandom;

/**
 * A uniform sample of at most {@code capacity} rows from a stream (reservoir sampling, Algorithm R): after n
 * offers each offered row is held with probability {@code min(1, capacity / n)}. Slots fill in order
 * 0, 1, ... until full, then a kept row replaces a random slot; callers that persist the reservoir write the
 * returned slot. Mutable and single-threaded.
 *
 * <p>With a {@code horizon} H (at least the capacity), n is capped at H: past H offers each row is kept with
 * probability {@code capacity / H}, so a held row survives each later offer with probability {@code 1 - 1/H} and
 * the sample's rows are about H offers old on average (an exponentially fading sample, as in Aggarwal's biased
 * reservoir sampling). Without one the sample is uniform over the whole stream, and after a change in the stream
 * the new rows take as many offers as came before it to make up half the sample.
 */
public final class Reservoir {

    private final double[][] rows;
    private final SplittableRandom rng;
    private final long horizon;
    private int size;
    private long offered;

    /** An empty reservoir, uniform over the whole stream. */
    public Reservoir(int capacity, long seed) {
        this(capacity, Long.MAX_VALUE, seed);
    }

    /** An empty reservoir whose rows are about {@code horizon} offers old (Long.MAX_VALUE: uniform). */
    public Reservoir(int capacity, long horizon, long seed) {
        this(new double[capacity][], 0, 0, horizon, seed);
    }

    private Reservoir(double[][] rows, int size, long offered, long horizon, long seed) {
        if (rows.length < 1) {
            throw new IllegalArgumentException("reservoir capacity must be >= 1");
        }
        if (horizon < rows.length) {
            throw new IllegalArgumentException("the reservoir's horizon (" + horizon + ") must be at least its "
                    + "capacity (" + rows.length + ")");
        }
        this.rows = rows;
        this.horizon = horizon;
        this.size = size;
        this.offered = offered;
        // Mixed with the count, so that a restored reservoir does not replay the draws of the original.
        this.rng = new SplittableRandom(seed ^ (offered * 0x9E3779B97F4A7C15L));
    }

    /**
     * A reservoir restored from its rows (slots 0..n-1, in order) and its offer count.
     *
     * @throws IllegalArgumentException if the rows do not fit the count and capacity
     */
    public static Reservoir restore(int capacity, double[][] slots, long offered, long seed) {
        return restore(capacity, Long.MAX_VALUE, slots, offered, seed);
    }

    /** As {@link #restore(int, double[][], long, long)}, for a reservoir with a horizon. */
    public static Reservoir restore(int capacity, long horizon, double[][] slots, long offered, long seed) {
        if (slots.length > capacity || slots.length != Math.min(offered, capacity)) {
            throw new IllegalArgumentException("a reservoir of capacity " + capacity + " offered " + offered
                    + " rows holds " + Math.min(offered, capacity) + ", not " + slots.length);
        }
        double[][] rows = new double[capacity][];
        System.arraycopy(slots, 0, rows, 0, slots.length);
        return new Reservoir(rows, slots.length, offered, horizon, seed);
    }

    /** Offers a row (kept by reference); returns the slot it now occupies, or -1 if it was passed over. */
    public int offer(double[] row) {
        offered++;
        int slot;
        if (size < rows.length) {
            slot = size++;
        } else {
            long j = rng.nextLong(Math.min(offered, horizon));
            if (j >= rows.length) {
                return -1;
            }
            slot = (int) j;
        }
        rows[slot] = row;
        return slot;
    }

    /** Rows held. */
    public int size() {
        return size;
    }

    public int capacity() {
        return rows.length;
    }

    /** Rows offered so far. */
    public long offered() {
        return offered;
    }

    /** The row in a slot below {@link #size()} (not a copy). */
    public double[] row(int slot) {
        if (slot >= size) {
            throw new IndexOutOfBoundsException("slot " + slot + " of " + size);
        }
        return rows[slot];
    }

    /** The rows held, slots 0..size-1 (the array is new, the rows are not copies). */
    public double[][] rows() {
        double[][] out = new double[size][];
        System.arraycopy(rows, 0, out, 0, size);
        return out;
    }
}
