package io.ddestream.engine.density;

import io.ddestream.engine.dde.SigmaSchedule;

/**
 * Where a density learner's noise scale sigma (standardized units) comes from: given, as a constant or an annealed
 * schedule, or selected from the learner's first points by {@link SigmaSelector} before the first step.
 */
public sealed interface SigmaChoice {

    /** A constant sigma. */
    static SigmaChoice given(double sigma) {
        return new Given(SigmaSchedule.constant(sigma));
    }

    /** Sigma annealed geometrically from {@code start} by {@code factor} every {@code every} steps to {@code floor}. */
    static SigmaChoice annealed(double start, double floor, long every, double factor) {
        return new Given(SigmaSchedule.annealed(start, floor, every, factor));
    }

    /** Sigma selected by {@code selecting}; a stream learns at {@code fallback} if the selection fails. */
    static SigmaChoice selected(SigmaSelector.Settings selecting, double fallback) {
        return new Selected(selecting, fallback);
    }

    /** A sigma schedule given by the user. */
    record Given(SigmaSchedule schedule) implements SigmaChoice {
        public Given {
            java.util.Objects.requireNonNull(schedule, "schedule");
        }
    }

    /**
     * Sigma selected on the learner's first points (a table's rows, a stream's warm-up).
     *
     * @param fallback what a stream learns at should the selection fail (a fit fails instead)
     */
    record Selected(SigmaSelector.Settings selecting, double fallback) implements SigmaChoice {
        public Selected {
            java.util.Objects.requireNonNull(selecting, "selecting");
            if (!(fallback > 0) || !Double.isFinite(fallback)) {
                throw new IllegalArgumentException("the fallback sigma must be positive, got " + fallback);
            }
        }
    }
}
