package io.ddestream.cli;

import io.ddestream.engine.density.DensityFitter;
import io.ddestream.engine.generator.GeneratorFitter;
import io.ddestream.engine.generator.KlEstimate;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Training progress on one rewritten terminal line (step, the training figures, time left); silent when
 * standard output is not a terminal, so redirected output and scripts see only results. One instance follows
 * one training run: the data model's (loss, points/s) or the generator's (steps/s, latest KL estimate).
 */
final class TerminalProgress implements DensityFitter.Progress, GeneratorFitter.Progress {

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
        show(step, totalSteps, String.format(Locale.ROOT, "loss %.4f  %,.0f points/s", loss, pointsPerSecond));
    }

    @Override
    public void update(long step, long totalSteps, double stepsPerSecond, Optional<KlEstimate> latestKl) {
        String kl = latestKl.map(k -> String.format(Locale.ROOT, "  KL %.4f +- %.4f", k.value(), k.standardError()))
                .orElse("");
        show(step, totalSteps, String.format(Locale.ROOT, "%,.1f steps/s%s", stepsPerSecond, kl));
    }

    private void show(long step, long totalSteps, String figures) {
        if (!enabled) {
            return;
        }
        if (start == 0) {
            start = System.nanoTime();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long secondsLeft = Math.round(elapsed * (totalSteps - step) / Math.max(1, step));
        out.printf("\r%s: step %d/%d  %s  %s left   ", label, step, totalSteps, figures,
                format(Duration.ofSeconds(secondsLeft)));
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
