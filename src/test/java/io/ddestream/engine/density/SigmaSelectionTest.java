package io.ddestream.engine.density;

import io.ddestream.engine.density.SigmaSelection.Candidate;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The selection rule on hand-made evidence: which candidate wins, and why. */
class SigmaSelectionTest {

    private static Candidate candidate(double sigma, double agreement, double logLikelihood, boolean reliable) {
        return new Candidate(sigma, agreement, 0.9, logLikelihood, reliable, null);
    }

    private static SigmaSelection choose(Candidate... candidates) {
        return SigmaSelection.choose(List.of(candidates), 0.8, 1000, 50, 100, 1.0);
    }

    @Test
    void shouldChooseTheBestLikelihoodAmongReproducibleCandidates() {
        SigmaSelection selection = choose(candidate(0.1, 0.5, -1.0, true), candidate(0.2, 0.85, -2.0, true),
                candidate(0.5, 0.9, -3.0, true), candidate(1, 0.95, -4.0, true));

        // 0.1 has the best likelihood but its tail is not reproducible; of the rest, 0.2 fits best.
        assertThat(selection.chosen()).isEqualTo(0.2);
        assertThat(selection.reason()).startsWith("best held-out log-likelihood");
    }

    @Test
    void shouldKeepTheFullAgreementThresholdWhenSomeCandidateReachesIt() {
        // 0.75 is within 0.1 of the best (0.82), but 0.82 reaches 0.8, so 0.8 is the bar
        SigmaSelection selection = choose(candidate(2, 0.75, -3.0, true), candidate(5, 0.82, -5.0, true));

        assertThat(selection.chosen()).isEqualTo(5.0);
    }

    @Test
    void shouldNotTrustALikelihoodWhoseLogZIsUnreliable() {
        SigmaSelection selection = choose(candidate(0.2, 0.9, 5.0, false), candidate(0.5, 0.9, -3.0, true));

        assertThat(selection.chosen()).isEqualTo(0.5);
    }

    @Test
    void shouldRelaxTheAgreementToNearTheMostReproducibleWhenNoCandidateReachesIt() {
        // No candidate reaches 0.8: those within 0.1 of the best (0.7), i.e. 1 and 5, compete on likelihood
        SigmaSelection selection = choose(candidate(0.1, 0.3, -1.0, true), candidate(1, 0.65, -3.0, true),
                candidate(5, 0.7, -5.0, true));

        assertThat(selection.chosen()).isEqualTo(1.0);
        assertThat(selection.reason()).startsWith("no candidate reached tail agreement 0.80");
    }

    @Test
    void shouldNotTrustAReliableLogZBelowASigmaWhoseLogZIsUnreliable() {
        // The evidence measured on a 129-point, 13-feature file: 0.1's log Z looked reliable, 0.2's and 0.35's did not
        Candidate[] evidence = {candidate(0.1, 0.600, -20.475, true), candidate(0.2, 0.250, -21.118, false),
                candidate(0.35, 0.111, -20.567, false), candidate(0.5, 0.081, -19.221, true),
                candidate(1, 0.290, -21.105, true), candidate(2, 0.538, -25.975, true),
                candidate(5, 0.600, -34.768, true)};

        SigmaSelection selection = choose(evidence);

        // Then 0.1's verdict is overruled by the larger sigmas', and among the trusted candidates within 0.1 of the
        // most reproducible (0.6), 2 fits best
        assertThat(selection.logZTrusted(evidence[0])).isFalse();
        assertThat(selection.logZTrusted(evidence[3])).isTrue();
        assertThat(selection.chosen()).isEqualTo(2.0);
        assertThat(selection.rule()).isEqualTo(SigmaSelection.RULE);
        assertThat(selection.reason()).startsWith("no candidate reached tail agreement 0.80");
    }

    @Test
    void shouldExplainAFileWrittenUnderTheFirstRuleByThatRule() {
        // A file of the first rule, which took each log Z on its own and so chose 0.1 on this evidence
        List<Candidate> evidence = List.of(candidate(0.1, 0.6, -20.0, true), candidate(0.2, 0.25, -21.0, false),
                candidate(5, 0.6, -34.0, true));
        SigmaSelection old = new SigmaSelection(evidence, 0.1, SigmaSelection.RULE_1, 0.8, 129, 20, 1000, 17.0);

        assertThat(old.logZTrusted(evidence.get(0))).isTrue();
        assertThat(old.reason()).startsWith("no candidate reached tail agreement 0.80: best held-out log-likelihood");
        assertThat(choose(evidence.toArray(Candidate[]::new)).chosen()).isEqualTo(5.0);
    }

    @Test
    void shouldFallBackToTheMostReproducibleCandidateWhenNoLogZIsReliable() {
        SigmaSelection selection = choose(candidate(0.1, 0.3, -1.0, false), candidate(1, 0.7, -3.0, false),
                candidate(5, 0.6, -5.0, false));

        assertThat(selection.chosen()).isEqualTo(1.0);
        assertThat(selection.reason()).startsWith("no candidate had a reliable log Z");
    }

    @Test
    void shouldSkipFailedCandidatesAndFailWhenAllFailed() {
        SigmaSelection selection = choose(Candidate.failed(0.1, "training diverged"), candidate(1, 0.9, -3.0, true));

        assertThat(selection.chosen()).isEqualTo(1.0);
        assertThatThrownBy(() -> choose(Candidate.failed(0.1, "diverged"), Candidate.failed(1, "diverged")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("diverged");
    }
}
