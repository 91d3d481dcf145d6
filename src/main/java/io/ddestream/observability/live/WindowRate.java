package io.ddestream.observability.live;

/**
 * Events per second over the last {@code seconds} whole seconds, by the events' own timestamps (the Kafka record
 * timestamps), so that a backlog read in one burst at start-up counts where it belongs, not as a spike. Events older
 * than the window are ignored; events from the future (another host's clock) count as now. Not thread-safe.
 */
final class WindowRate {

    private final int seconds;
    private final long[] bucketSecond;
    private final long[] counts;

    WindowRate(int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("the window must be at least one second, got " + seconds);
        }
        this.seconds = seconds;
        // One more bucket than the window: the second in progress fills while the window reads the others.
        this.bucketSecond = new long[seconds + 1];
        this.counts = new long[seconds + 1];
        java.util.Arrays.fill(bucketSecond, Long.MIN_VALUE);
    }

    void mark(long timestampMillis, long nowMillis) {
        long second = Math.floorDiv(Math.min(timestampMillis, nowMillis), 1000);
        if (second < Math.floorDiv(nowMillis, 1000) - seconds) {
            return;
        }
        int i = (int) Math.floorMod(second, (long) bucketSecond.length);
        if (bucketSecond[i] != second) {
            bucketSecond[i] = second;
            counts[i] = 0;
        }
        counts[i]++;
    }

    /** Mean events per second over the last {@code seconds} completed seconds. */
    double perSecond(long nowMillis) {
        long current = Math.floorDiv(nowMillis, 1000);
        long total = 0;
        for (int i = 0; i < bucketSecond.length; i++) {
            if (bucketSecond[i] >= current - seconds && bucketSecond[i] < current) {
                total += counts[i];
            }
        }
        return (double) total / seconds;
    }
}
