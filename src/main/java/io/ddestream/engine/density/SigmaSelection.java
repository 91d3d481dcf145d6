package io.ddestream.engine.density;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of a {@link SigmaSelector}: every candidate with its evidence, and the sigma chosen. Stored in model
 * files (docs/model-format.md) and shown by {@code dde info}.
 *
 * <p>The rule ({@value #RULE}): the candidate with the best held-out log-likelihood among those whose log Z is
 * reliable and whose verdict on what is unusual is reproducible. Reproducible means that the two half-sample models
 * agree on their least likely points (the tail agreement, a Jaccard index) at least {@code minAgreement}, or, when
 * no candidate reaches that, nearly as well as the most reproducible candidate (within {@value #AGREEMENT_SLACK}).
 * The likelihood is the measure of a density that compares sigmas; the agreement keeps out a sigma so small that the
 * sample cannot pin down its tail, where the likelihood alone keeps rewarding detail. The relaxed threshold matters
 * on data without distinct outliers, whose least likely points are near-ties at any sigma: there the agreement
 * says little, and the likelihood decides. With no reliable log Z anywhere, the most reproducible candidate wins.
 *
 * <p>A log Z counts as reliable only if every larger candidate's is reliable too ({@link #logZTrusted}): estimating
 * log Z by importance sampling gets harder as sigma shrinks and the model grows peaks the proposal must find, and
 * its diagnostic (the effective sample size) cannot see peaks that no proposal sample hits, so a reliable verdict
 * below an unreliable one is the diagnostic missing the peaks, not an easier model. (Measured on a 129-point,
 * 13-feature file: the short fits' log Z was unreliable at sigma 0.2 and 0.35 but "reliable" at 0.1, the rule of
 * files before this one ({@value #RULE_1}) chose 0.1, and the full fit's log Z there had an effective sample size of
 * 10 in 20,000; docs/quality.md.)
 *
 * @param candidates  every sigma tried, ascending
 * @param chosen      the sigma chosen (standardized units)
 * @param rule        the rule's name, for people and files
 * @param minAgreement the tail agreement a candidate needs to be chosen by its likelihood
 * @param points      points in the two halves together
 * @param tailPoints  size of each model's set of least likely points
 * @param stepsPerCandidate denoising steps of each short fit
 * @param seconds     how long the selection took
 * @param splits      how many random splits into halves each candidate was measured on (1 in files written before
 *                    the selection averaged over splits)
 */
public record SigmaSelection(List<Candidate> candidates, double chosen, String rule, double minAgreement, int points,
                             int tailPoints, long stepsPerCandidate, double seconds, int splits) {

    /** The name of the rule in {@link #choose}. */
    public static final String RULE = "likelihood-among-reproducible/2";

    /** The rule of files written before {@link #RULE}: the same, but it took each log Z's verdict on its own. */
    public static final String RULE_1 = "likelihood-among-reproducible";

    /** How far below the most reproducible candidate's agreement the relaxed threshold lies. */
    public static final double AGREEMENT_SLACK = 0.1;

    public SigmaSelection {
        candidates = List.copyOf(candidates);
        if (candidates.isEmpty() || !(chosen > 0) || splits < 1) {
            throw new IllegalArgumentException("a selection needs candidates, a positive chosen sigma and a split");
        }
    }

    /** A selection measured on one split. */
    public SigmaSelection(List<Candidate> candidates, double chosen, String rule, double minAgreement, int points,
                          int tailPoints, long stepsPerCandidate, double seconds) {
        this(candidates, chosen, rule, minAgreement, points, tailPoints, stepsPerCandidate, seconds, 1);
    }

    /**
     * One sigma tried.
     *
     * <p>With several splits, each measure is the mean over the splits, and the log Z must be reliable in all.
     *
     * @param sigma           standardized units
     * @param tailAgreement   Jaccard index of the two half models' least likely points (NaN if the fit failed)
     * @param rankCorrelation Spearman correlation of the two half models' log-densities over all points
     * @param heldOutLogLikelihood mean log-density of each half under the other half's model, in the input's units
     * @param logZReliable    whether both half models' log Z estimates were reliable
     * @param failure         why the candidate could not be judged, or null
     * @param agreementSpread the largest less the smallest tail agreement over the splits; NaN with one split
     */
    public record Candidate(double sigma, double tailAgreement, double rankCorrelation, double heldOutLogLikelihood,
                            boolean logZReliable, String failure, double agreementSpread) {

        /** A candidate measured on one split (no spread). */
        public Candidate(double sigma, double tailAgreement, double rankCorrelation, double heldOutLogLikelihood,
                         boolean logZReliable, String failure) {
            this(sigma, tailAgreement, rankCorrelation, heldOutLogLikelihood, logZReliable, failure, Double.NaN);
        }

        static Candidate failed(double sigma, String why) {
            return new Candidate(sigma, Double.NaN, Double.NaN, Double.NaN, false,
                    why == null ? "failed" : why);
        }

        public boolean failed() {
            return failure != null;
        }

        /** One line for people. */
        public String describe() {
            if (failed()) {
                return String.format(Locale.ROOT, "sigma %-5s failed: %s", sigma, failure);
            }
            String spread = Double.isNaN(agreementSpread) ? ""
                    : String.format(Locale.ROOT, " (spread %.3f)", agreementSpread);
            return String.format(Locale.ROOT,
                    "sigma %-5s tail agreement %.3f%s, rank correlation %.3f, held-out log-likelihood %.3f%s",
                    sigma, tailAgreement, spread, rankCorrelation, heldOutLogLikelihood,
                    logZReliable ? "" : " (log Z unreliable)");
        }
    }

    /** Applies the rule to the candidates (ascending sigma). */
    static SigmaSelection choose(List<Candidate> candidates, double minAgreement, int points, int tailPoints,
                                 long stepsPerCandidate, double seconds) {
        return choose(candidates, minAgreement, points, tailPoints, stepsPerCandidate, 1, seconds);
    }

    /** Applies the rule to the candidates (ascending sigma), each measured on {@code splits} splits. */
    static SigmaSelection choose(List<Candidate> candidates, double minAgreement, int points, int tailPoints,
                                 long stepsPerCandidate, int splits, double seconds) {
        Candidate chosen = null;
        double threshold = threshold(candidates, minAgreement);
        boolean[] trusted = trustedLogZ(candidates, RULE);
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            if (!c.failed() && trusted[i] && c.tailAgreement() >= threshold
                    && (chosen == null || c.heldOutLogLikelihood() > chosen.heldOutLogLikelihood())) {
                chosen = c;
            }
        }
        if (chosen == null) {
            for (Candidate c : candidates) {
                if (!c.failed() && (chosen == null || c.tailAgreement() > chosen.tailAgreement())) {
                    chosen = c;
                }
            }
        }
        if (chosen == null) {
            throw new IllegalStateException("no sigma candidate could be fitted: "
                    + candidates.stream().map(Candidate::describe).toList());
        }
        return new SigmaSelection(candidates, chosen.sigma(), RULE, minAgreement, points, tailPoints,
                stepsPerCandidate, seconds, splits);
    }

    /**
     * The agreement a candidate needs to be chosen by likelihood: {@code minAgreement} if some candidate reaches it,
     * else the best agreement less the slack.
     */
    private static double threshold(List<Candidate> candidates, double minAgreement) {
        double best = Double.NEGATIVE_INFINITY;
        for (Candidate c : candidates) {
            if (!c.failed()) {
                best = Math.max(best, c.tailAgreement());
            }
        }
        return best >= minAgreement ? minAgreement : best - AGREEMENT_SLACK;
    }

    /**
     * Whether the rule trusted this candidate's log Z: under {@value #RULE}, when it and every larger candidate's
     * (failed ones aside) were reliable; under {@value #RULE_1}, when it was reliable.
     */
    public boolean logZTrusted(Candidate candidate) {
        int i = candidates.indexOf(candidate);
        if (i < 0) {
            throw new IllegalArgumentException("not a candidate of this selection: " + candidate.describe());
        }
        return trustedLogZ(candidates, rule)[i];
    }

    /** Per candidate (ascending sigma), whether its log Z is trusted under {@code rule}. */
    private static boolean[] trustedLogZ(List<Candidate> candidates, String rule) {
        boolean[] trusted = new boolean[candidates.size()];
        boolean largerAllReliable = true;
        for (int i = candidates.size() - 1; i >= 0; i--) {
            Candidate c = candidates.get(i);
            if (c.failed()) {
                continue;
            }
            trusted[i] = c.logZReliable() && (largerAllReliable || !RULE.equals(rule));
            largerAllReliable &= c.logZReliable();
        }
        return trusted;
    }

    /** Why the chosen sigma won, in one line for people. */
    public String reason() {
        Candidate c = chosenCandidate();
        double threshold = threshold(candidates, minAgreement);
        if (!logZTrusted(c) || c.tailAgreement() < threshold) {
            return "no candidate had a reliable log Z: the most reproducible one";
        }
        return threshold >= minAgreement
                ? String.format(Locale.ROOT, "best held-out log-likelihood among the candidates with tail agreement "
                        + ">= %.2f and a reliable log Z", minAgreement)
                : String.format(Locale.ROOT, "no candidate reached tail agreement %.2f: best held-out log-likelihood "
                        + "among those within %.2f of the most reproducible (>= %.3f) with a reliable log Z",
                        minAgreement, AGREEMENT_SLACK, threshold);
    }

    /** The chosen candidate. */
    public Candidate chosenCandidate() {
        return candidates.stream().filter(c -> c.sigma() == chosen).findFirst().orElseThrow();
    }
}
