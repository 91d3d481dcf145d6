package io.ddestream.cli;

import io.ddestream.engine.density.DensityFitter;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Training progress on one rewritten terminal line (step, loss, points/s, time left); silent when standard
 * output is not a terminal, so redirected output and scripts see only results.
 */
final class TerminalProgress implements DensityFitter.Progress {

    private final PrintStream out;
    private final String label;
    private final boolean enabled;
    private boolean printed;
    private long start;

    private TerminalProgress(PrintStream out, String label, boolean enabled) {
        this.out = out;
        this.label = label;
        this.enabled = enabled;
    }

    static TerminalProgress forStdout(String label) {
        return new TerminalProgress(System.out, label, System.console() != null);
    }

    @Override
    public void update(long step, long totalSteps, double loss, double pointsPerSecond) {
        if (!enabled) {
            return;
        }
        if (start == 0) {
            start = System.nanoTime();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long secondsLeft = Math.round(elapsed * (totalSteps - step) / Math.max(1, step));
        out.printf("\r%s: step %d/%d  loss %.4f  %,.0f points/s  %s left   ", label, step, totalSteps, loss,
                pointsPerSecond, format(Duration.ofSeconds(secondsLeft)));
        out.flush();
        printed = true;
    }

    void finish() {
        if (printed) {
            out.println();
        }
    }

    private static String format(Duration d) {
        return d.toHours() > 0 ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
                : String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
}
