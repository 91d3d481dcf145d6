package io.ddestream.engine.generator;

import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.engine.density.Provenance;
import io.ddestream.engine.density.Standardizer;
import io.ddestream.engine.generator.GeneratorCheckpoint;
import io.ddestream.engine.generator.GeneratorConfig;
import io.ddestream.engine.generator.GeneratorState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The generator service's logic without Kafka, on a small 2-d data model (the golden model file) in several
 * versions: it starts at the first model, follows newer ones in the same space, starts afresh in another, resumes
 * from its checkpoint, and labels its samples with ids a restart never reuses.
 */
class OnlineGeneratorTest {

    private static final List<String> FEATURES = List.of("x", "y");
    private static final long NOW = 1_700_000_000_000L;
    private static final GeneratorServiceSettings SETTINGS = GeneratorServiceSettings.defaults("test")
            .withGenerator(new GeneratorConfig(8, 1, 32, 1e-3, 1, 1))
            .withSnapshots(5, Duration.ofSeconds(60))
            .withKl(0, 200);
    private static DensityModel base;

    @BeforeAll
    static void readDataModel() throws IOException {
        try (InputStream in = OnlineGeneratorTest.class.getResourceAsStream("/model/density-model-v1.ddesnap")) {
            base = DensityModelCodec.decode(in.readAllBytes());
        }
    }

    /** The golden model as version {@code version} of a stream's models, with the given standardizer. */
    private static DensityModel version(long version, Standardizer standardizer) {
        Provenance p = base.provenance();
        return new DensityModel(base.features(), standardizer, base.network(), base.sigma(), base.logPartition(),
                base.calibration(), base.falseAlarmRate(), new Provenance(p.training(), p.steps(), p.refusedSteps(),
                p.trainingPoints(), version, p.createdAt(), p.build()));
    }

    private static DensityModel version(long version) {
        return version(version, base.standardizer());
    }

    private static Standardizer otherStandardizer() {
        double[] mean = base.standardizer().mean();
        mean[0] += 1;
        return Standardizer.of(mean, base.standardizer().std());
    }

    private static OnlineGenerator steps(OnlineGenerator generator, int n) {
        assertThat(generator.train(Duration.ofMinutes(1).toNanos(), n).steps()).isEqualTo(n);
        return generator;
    }

    @Test
    void shouldDoNothingBeforeTheFirstDataModel() {
        OnlineGenerator generator = OnlineGenerator.create(FEATURES, SETTINGS, null);

        assertThat(generator.train(1_000_000, 10)).isEqualTo(new OnlineGenerator.Round(0, 0, false));
        assertThat(generator.started()).isFalse();
        assertThat(generator.checkpointDue(NOW)).isFalse();
        assertThat(generator.klDue()).isFalse();
        assertThatThrownBy(() -> generator.sample(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldCheckpointBeforeItsFirstSamplesAndLabelThemWithThatVersion() {
        // Given a generator that has just seen its first data model
        OnlineGenerator generator = OnlineGenerator.create(FEATURES, SETTINGS, null);
        assertThat(generator.follow(version(1)).outcome()).isEqualTo(OnlineGenerator.Outcome.STARTED);

        // Then a checkpoint is due before any sample may be drawn
        assertThat(generator.checkpointDue(NOW)).isTrue();
        assertThatThrownBy(() -> generator.sample(1)).isInstanceOf(IllegalStateException.class);
        GeneratorCheckpoint first = generator.checkpoint(NOW);
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.dataModelVersion()).isEqualTo(1);
        assertThat(generator.checkpointDue(NOW)).isFalse();

        // And its samples carry that version, in the user's units
        OnlineGenerator.Samples samples = generator.sample(3);
        assertThat(samples.points()).extracting(OnlineGenerator.Sample::id)
                .containsExactly("gen-1-0", "gen-1-1", "gen-1-2");
        assertThat(samples.skipped()).isZero();
        assertThat(samples.points()).allSatisfy(s -> assertThat(s.values()).hasSize(2)
                .satisfies(values -> assertThat(Arrays.stream(values).allMatch(Double::isFinite)).isTrue()));

        // When it has taken as many steps as the snapshot interval, the next checkpoint is due, with a new version
        steps(generator, 4);
        assertThat(generator.checkpointDue(NOW)).isFalse();
        steps(generator, 1);
        assertThat(generator.checkpointDue(NOW)).isTrue();
        assertThat(generator.checkpoint(NOW).state().steps()).isEqualTo(5);
        assertThat(generator.sample(1).points().get(0).id()).isEqualTo("gen-2-0");
    }

    @Test
    void shouldCheckpointAfterTheIntervalIfItTookSteps() {
        OnlineGenerator generator = OnlineGenerator.create(FEATURES, SETTINGS, null);
        generator.follow(version(1));
        generator.checkpoint(NOW);

        assertThat(generator.checkpointDue(NOW + 61_000)).as("no new steps").isFalse();
        steps(generator, 1);
        assertThat(generator.checkpointDue(NOW + 59_000)).isFalse();
        assertThat(generator.checkpointDue(NOW + 61_000)).isTrue();
    }

    @Test
    void shouldFollowNewerVersionsInItsSpaceAndStartAfreshInAnother() {
        OnlineGenerator generator = OnlineGenerator.create(FEATURES, SETTINGS, null);
        generator.follow(version(1));
        generator.checkpoint(NOW);
        steps(generator, 3);

        // The same version again changes nothing; a newer one in the same space is followed with the steps kept
        assertThat(generator.follow(version(1)).outcome()).isEqualTo(OnlineGenerator.Outcome.CURRENT);
        assertThat(generator.follow(version(2)).outcome()).isEqualTo(OnlineGenerator.Outcome.FOLLOWED);
        assertThat(generator.steps()).isEqualTo(3);
        assertThat(generator.dataModelVersion()).isEqualTo(2);
        assertThat(generator.checkpointDue(NOW)).isFalse();

        // A model with another standardizer (the trainer started over) re-bases the generator, and says why
        OnlineGenerator.Following rebased = generator.follow(version(3, otherStandardizer()));
        assertThat(rebased.outcome()).isEqualTo(OnlineGenerator.Outcome.REBASED);
        assertThat(rebased.reason()).contains("standardizer");
        assertThat(generator.steps()).isZero();
        assertThat(generator.dataModelVersion()).isEqualTo(3);
        // and its versions go on, so that its samples' ids stay unique
        assertThat(generator.checkpointDue(NOW)).isTrue();
        assertThat(generator.checkpoint(NOW).version()).isEqualTo(2);
    }

    @Test
    void shouldResumeFromItsCheckpointWithTheStepCountContinuingAndNewIds() {
        // Given a generator that published a checkpoint after 4 steps, and samples with its version
        OnlineGenerator first = OnlineGenerator.create(FEATURES, SETTINGS, null);
        first.follow(version(1));
        first.checkpoint(NOW);
        steps(first, 4);
        byte[] saved = first.checkpoint(NOW).encode();
        Set<String> ids = first.sample(5).points().stream().map(OnlineGenerator.Sample::id)
                .collect(Collectors.toSet());

        // When a new process starts from that checkpoint and sees a newer data model in the same space
        OnlineGenerator resumed = OnlineGenerator.create(FEATURES, SETTINGS, GeneratorCheckpoint.decode(saved));
        assertThat(resumed.version()).isEqualTo(2);
        assertThat(resumed.steps()).isEqualTo(4);
        assertThat(resumed.follow(version(2)).outcome()).isEqualTo(OnlineGenerator.Outcome.RESUMED);

        // Then its step count continues, and its first checkpoint claims a new version for its samples
        assertThat(resumed.steps()).isEqualTo(4);
        steps(resumed, 1);
        assertThat(resumed.checkpointDue(NOW)).isTrue();
        GeneratorCheckpoint claim = resumed.checkpoint(NOW);
        assertThat(claim.version()).isEqualTo(3);
        assertThat(claim.state().steps()).isEqualTo(5);
        assertThat(claim.dataModelVersion()).isEqualTo(2);
        assertThat(resumed.sample(5).points()).extracting(OnlineGenerator.Sample::id).doesNotContainAnyElementsOf(ids);
    }

    @Test
    void shouldStartAfreshIfTheCheckpointLivesInAnotherSpace() {
        OnlineGenerator first = OnlineGenerator.create(FEATURES, SETTINGS, null);
        first.follow(version(1));
        GeneratorCheckpoint saved = first.checkpoint(NOW);

        OnlineGenerator restarted = OnlineGenerator.create(FEATURES, SETTINGS, saved);
        OnlineGenerator.Following following = restarted.follow(version(1, otherStandardizer()));

        assertThat(following.outcome()).isEqualTo(OnlineGenerator.Outcome.REBASED);
        assertThat(following.reason()).contains("the checkpoint's space");
        assertThat(restarted.checkpoint(NOW).version()).isEqualTo(2);
    }

    @Test
    void shouldRefuseACheckpointForOtherFeaturesOrAnotherShape() {
        OnlineGenerator first = OnlineGenerator.create(FEATURES, SETTINGS, null);
        first.follow(version(1));
        GeneratorCheckpoint saved = first.checkpoint(NOW);
        GeneratorServiceSettings wider = SETTINGS.withGenerator(new GeneratorConfig(16, 1, 32, 1e-3, 1, 1));

        assertThatThrownBy(() -> OnlineGenerator.create(List.of("x", "z"), SETTINGS, saved))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("tombstone");
        assertThatThrownBy(() -> OnlineGenerator.create(FEATURES, wider, saved))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("width 8");
    }

    @Test
    void shouldSkipSamplesWithANonFiniteValue() {
        // Given a checkpoint whose averaged generator outputs NaN (decoding would refuse it; built directly)
        OnlineGenerator first = OnlineGenerator.create(FEATURES, SETTINGS, null);
        first.follow(version(1));
        GeneratorCheckpoint saved = first.checkpoint(NOW);
        GeneratorState s = saved.state();
        GeneratorState broken = new GeneratorState(s.shape(), s.parameters(),
                s.averagedParameters().dup().assign(Float.NaN), s.optimizerState(), s.sq(), s.steps(),
                s.refusedSteps());
        GeneratorCheckpoint poisoned = new GeneratorCheckpoint(saved.features(), saved.standardizer(), saved.sigma(),
                saved.config(), broken, saved.version(), saved.dataModelVersion(), saved.kl(), saved.createdAt(),
                saved.build());
        OnlineGenerator generator = OnlineGenerator.create(FEATURES, SETTINGS, poisoned);
        generator.follow(version(1));
        generator.checkpoint(NOW);

        // When it draws samples, none is returned and all are counted
        OnlineGenerator.Samples samples = generator.sample(10);

        assertThat(samples.points()).isEmpty();
        assertThat(samples.skipped()).isEqualTo(10);
    }

    @Test
    void shouldEstimateTheKlEverySoOftenAndKeepItInTheCheckpoint() {
        OnlineGenerator generator = OnlineGenerator.create(FEATURES, SETTINGS.withKl(2, 200), null);
        generator.follow(version(1));
        generator.checkpoint(NOW);
        assertThat(generator.latestKl()).isEmpty();

        steps(generator, 1);
        assertThat(generator.klDue()).isFalse();
        steps(generator, 1);
        assertThat(generator.klDue()).isTrue();
        double kl = generator.estimateKl().value();

        assertThat(kl).isFinite();
        assertThat(generator.klDue()).isFalse();
        assertThat(generator.checkpoint(NOW).kl().orElseThrow().value()).isEqualTo(kl);
    }
}
