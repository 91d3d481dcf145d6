package io.ddestream.streaming;

import io.ddestream.engine.dde.TrainingSettings;
import io.ddestream.testing.TestSettings;
import io.ddestream.data.ToyDistribution;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.engine.density.SigmaSelection;
import io.ddestream.engine.density.SigmaSelector;
import io.ddestream.engine.density.TrainerSettings;
import io.ddestream.testing.CapturedLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TrainerTopologyTest {

    static final List<String> FEATURES = List.of("x", "y");

    /** A small, fast trainer: it warms up on 400 points and publishes every 200 steps. */
    static TrainerSettings fastSettings() {
        TrainingConfig training = new TrainingConfig(32, 3, 128, 1e-3, SigmaSchedule.constant(0.1), 3, 1e4);
        return TestSettings.trainer(training, 2000).withWarmup(400, 2000)
                .withRounds(Duration.ofMillis(200), Duration.ofMillis(150))
                .withPublishing(200, Duration.ofMinutes(10));
    }

    private final Topics topics = Topics.defaults();
    private final MeterRegistry metrics = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> points;
    private TestOutputTopic<String, byte[]> models;

    /** The small selection the selecting trainers here run: two candidates, short fits. */
    static SigmaSelector.Settings fastSelection() {
        return SigmaSelector.Settings.defaults().withGrid(0.1, 1).withStepsPerCandidate(150)
                .withNormalizerSamples(1000);
    }

    @BeforeEach
    void start(@TempDir Path stateDir) {
        driver = trainerDriver("trainer-test", stateDir, fastSettings(), metrics);
        points = pointsTopic(driver);
        models = modelsTopic(driver);
    }

    /** A trainer topology under its own application id, state directory, settings and meters. */
    private TopologyTestDriver trainerDriver(String applicationId, Path stateDir, TrainerSettings settings,
                                             MeterRegistry registry) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return new TopologyTestDriver(TrainerTopology.build(topics, new PointParser(FEATURES, 1024), "default",
                settings, registry), props);
    }

    private TestInputTopic<byte[], byte[]> pointsTopic(TopologyTestDriver d) {
        return d.createInputTopic(topics.points().name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
    }

    private TestOutputTopic<String, byte[]> modelsTopic(TopologyTestDriver d) {
        return d.createOutputTopic(topics.models().name(), Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    /** Pipes {@code n} points of 8 gaussians, with ids p0, p1, ... */
    private static void pipeToyPoints(TestInputTopic<byte[], byte[]> in, int n, long seed) {
        double[][] rows = ToyDistribution.EIGHT_GAUSSIANS.sample(n, new Random(seed));
        for (int i = 0; i < n; i++) {
            in.pipeInput(null, PointJson.write(new Point("p" + i, rows[i], 1)));
        }
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void pipeToyPoints(int n, long seed) {
        pipeToyPoints(points, n, seed);
    }

    private void pipe(String id, double[] x) {
        points.pipeInput(null, PointJson.write(new Point(id, x, 1)));
    }

    /** Runs training rounds until a model is published (each round trains for 150 ms). */
    private void trainUntilAModelIsPublished() {
        for (int round = 0; round < 40 && models.isEmpty(); round++) {
            driver.advanceWallClockTime(Duration.ofMillis(200));
        }
        assertThat(models.isEmpty()).as("a model was published").isFalse();
    }

    private double points(String outcome) {
        return metrics.get("dde.train.points").tag("outcome", outcome).counter().count();
    }

    @Test
    void shouldCountButNotLearnFromInvalidRecords() {
        points.pipeInput(null, "{\"features\":[1]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        points.pipeInput(null, "nonsense".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(points("invalid")).isEqualTo(2);
        assertThat(points("warming_up")).isZero();
    }

    @Test
    void shouldFunnelParsedPointsInTheCompactFormAndStillLearnFromJsonAnEarlierBuildLeftOnTheTrainingTopic() {
        TestOutputTopic<String, byte[]> funnel = driver.createOutputTopic(topics.validPoints().name(),
                Serdes.String().deserializer(), Serdes.ByteArray().deserializer());

        // A point without an id goes on keyed by its position, as the parsed values
        points.pipeInput(null, "{\"features\":[0.1,-2.5]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var funnelled = funnel.readRecord();
        assertThat(funnelled.key()).isEqualTo("dde.points-0-0");
        assertThat(funnelled.value()[0]).isEqualTo(PointBinary.TAG);
        assertThat(PointBinary.read(funnelled.value()).features()).containsExactly(0.1, -2.5);
        assertThat(points("warming_up")).isEqualTo(1);

        // A record in the canonical JSON that builds before the compact form wrote is learned from too
        driver.createInputTopic(topics.validPoints().name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer()).pipeInput("old-1", PointJson.write(new Point("old-1",
                new double[] {1, 2}, 1)));
        assertThat(points("warming_up")).isEqualTo(2);
    }

    @Test
    void shouldFinishTheWarmUpWithASaneStandardizerWhenAHugeValueArrivesDuringIt() {
        // Given a warm-up with one point whose square overflows a double among the toy points
        pipeToyPoints(200, 1);
        points.pipeInput(null, "{\"features\":[1e200,1]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        pipeToyPoints(300, 2);
        // When training rounds run
        trainUntilAModelIsPublished();
        // Then the huge value was refused, and the model standardizes by the toy's spread (about 2)
        assertThat(points("invalid")).isEqualTo(1);
        DensityModel model = DensityModelCodec.decode(models.readValue());
        assertThat(java.util.Arrays.stream(model.standardizer().std()).boxed().toList())
                .allSatisfy(s -> assertThat(s).isBetween(1.0, 3.0));
    }

    @Test
    void shouldCountAndLogRefusedStepsAndKeepPublishing(@TempDir Path otherStateDir) {
        // Given a trainer whose divergence guard refuses gradient norms above 0.04, about the median on this data
        // (a stand-in for steps that explode: the same refusal path), one step per round
        TrainerSettings settings = fastSettings()
                .withDensity(fastSettings().density().withTraining(new TrainingSettings(32, 3, 128, 1e-3, 3, 0.04)))
                .withRounds(Duration.ofMillis(200), Duration.ofNanos(1)).withPublishing(20, Duration.ofHours(1));
        MeterRegistry own = new SimpleMeterRegistry();
        try (CapturedLog log = CapturedLog.start();
             TopologyTestDriver divergent = trainerDriver("trainer-divergence-test", otherStateDir, settings, own)) {
            TestOutputTopic<String, byte[]> out = modelsTopic(divergent);
            pipeToyPoints(pointsTopic(divergent), 1000, 1);
            // When rounds run until two models are published
            List<DensityModel> published = new java.util.ArrayList<>();
            for (int round = 0; round < 200 && published.size() < 2; round++) {
                divergent.advanceWallClockTime(Duration.ofMillis(200));
                out.readValuesToList().forEach(v -> published.add(DensityModelCodec.decode(v)));
            }
            // Then the refused steps are counted, logged, and recorded in the models, and models keep coming
            assertThat(published).hasSize(2);
            double refused = own.get("dde.train.steps.refused").functionCounter().count();
            assertThat(refused).isPositive();
            assertThat(published.get(1).provenance().refusedSteps()).isPositive().isLessThanOrEqualTo((long) refused);
            assertThat(published.get(1).provenance().steps()).isEqualTo(40);
            assertThat(published.get(1).provenance().version()).isEqualTo(2);
            assertThat(published.get(1).logPartition().logZ()).isFinite();
            assertThat(log.linesContaining("denoising steps this round as divergent")).isNotEmpty();
            System.out.printf("divergence (trainer topology): %.0f steps refused and counted while 40 were accepted; "
                    + "versions 1 and 2 published%n", refused);
        }
    }

    @Test
    void shouldSelectSigmaOffTheStreamThreadAfterTheWarmUpAndPublishModelsThatKeepTheChoice(@TempDir Path otherDir) {
        // Given a trainer that selects sigma (two candidates, short fits) on its 400 warm-up points
        TrainerSettings settings = TestSettings.selecting(fastSettings(), fastSelection());
        MeterRegistry own = new SimpleMeterRegistry();
        try (CapturedLog log = CapturedLog.start();
             TopologyTestDriver selecting = trainerDriver("trainer-selection-test", otherDir, settings, own)) {
            TestOutputTopic<String, byte[]> out = modelsTopic(selecting);
            // When the warm-up ends and more points arrive while the selection runs
            pipeToyPoints(pointsTopic(selecting), 600, 1);
            assertThat(own.get("dde.train.points").tag("outcome", "kept").counter().count())
                    .as("points kept while sigma is selected").isEqualTo(200);
            // And training rounds run until a model at the selected sigma is published
            List<DensityModel> published = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (published.stream().allMatch(DensityModel::provisional) && System.nanoTime() < deadline) {
                selecting.advanceWallClockTime(Duration.ofMillis(200));
                out.readValuesToList().forEach(v -> published.add(DensityModelCodec.decode(v)));
                sleep(20);
            }
            // Then the selection ran on its own thread, and the model learned at its choice and carries its evidence;
            // only provisional models, with lower versions, came before it
            DensityModel model = published.stream().filter(m -> !m.provisional()).findFirst().orElseThrow();
            int first = published.indexOf(model);
            assertThat(published.subList(0, first)).allMatch(DensityModel::provisional);
            assertThat(model.provenance().version()).isEqualTo(first + 1);
            SigmaSelection selection = model.sigmaSelection().orElseThrow();
            assertThat(selection.points()).isEqualTo(400);
            assertThat(selection.candidates()).hasSize(2);
            assertThat(model.sigma()).isEqualTo(selection.chosen());
            assertThat(own.get("dde.train.sigma").gauge().value()).isEqualTo(selection.chosen());
            assertThat(log.linesContaining("sigma selection: sigma")).hasSize(2)
                    .allMatch(line -> line.contains("dde-sigma-selection-default"));
            assertThat(log.linesContaining("selected in")).hasSize(1);
        }
    }

    @Test
    void shouldPublishAProvisionalModelSoonAfterTheWarmUpWhileSigmaIsStillSelected(@TempDir Path otherDir) {
        // Given a trainer whose selection takes many seconds (two candidates, 4,000-step fits)
        SigmaSelector.Settings slow = fastSelection().withStepsPerCandidate(4000);
        TrainerSettings settings = TestSettings.selecting(fastSettings(), slow);
        try (CapturedLog log = CapturedLog.start();
             TopologyTestDriver selecting = trainerDriver("trainer-provisional-test", otherDir, settings,
                     new SimpleMeterRegistry())) {
            TestOutputTopic<String, byte[]> out = modelsTopic(selecting);
            // When the warm-up ends and training rounds run
            pipeToyPoints(pointsTopic(selecting), 450, 1);
            List<DensityModel> published = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (published.isEmpty() && System.nanoTime() < deadline) {
                selecting.advanceWallClockTime(Duration.ofMillis(200));
                out.readValuesToList().forEach(v -> published.add(DensityModelCodec.decode(v)));
            }
            // Then a provisional model, at the rule-of-thumb sigma, came out while the selection was still running
            assertThat(log.linesContaining("selected in")).as("the selection has not ended").isEmpty();
            assertThat(published).isNotEmpty();
            DensityModel model = published.get(0);
            assertThat(model.provisional()).isTrue();
            assertThat(model.provenance().version()).isEqualTo(1);
            assertThat(model.sigma()).isEqualTo(Math.pow(400, -1.0 / 6));
            assertThat(model.sigmaSelection()).isEmpty();
            assertThat(log.linesContaining("published provisional model 'default' version 1")).hasSize(1);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldNotTrainOrPublishDuringWarmUp() {
        pipeToyPoints(399, 1);
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        assertThat(models.isEmpty()).isTrue();
        assertThat(points("warming_up")).isEqualTo(399);
    }

    @Test
    void shouldPublishIncreasingVersionsOfAModelThatFlagsFarPoints() {
        // Given a warmed-up trainer
        pipeToyPoints(1000, 1);
        // When training rounds run
        trainUntilAModelIsPublished();
        // Then a model is published under the model name, with the configured features
        var first = models.readKeyValue();
        assertThat(first.key).isEqualTo("default");
        DensityModel model = DensityModelCodec.decode(first.value);
        assertThat(model.features()).isEqualTo(FEATURES);
        assertThat(model.provenance().version()).isEqualTo(1);
        assertThat(model.provenance().steps()).isGreaterThanOrEqualTo(200);
        assertThat(model.score(new double[] {6, -6}).logDensity())
                .isLessThan(model.score(new double[] {2.83, 0}).logDensity());
        // And later versions follow
        trainUntilAModelIsPublished();
        long last = 1;
        while (!models.isEmpty()) {
            last = DensityModelCodec.decode(models.readValue()).provenance().version();
        }
        assertThat(last).isGreaterThan(1);
        assertThat(metrics.get("dde.model.version").tag("role", "trainer").gauge().value()).isEqualTo(last);
        // And every step was timed (refused ones too, so at least as many as the accepted steps)
        double accepted = metrics.get("dde.train.steps").functionCounter().count();
        io.micrometer.core.instrument.Timer steps = metrics.get("dde.train.step.duration").timer();
        assertThat(steps.count()).isGreaterThanOrEqualTo((long) accepted).isPositive();
        assertThat(steps.max(java.util.concurrent.TimeUnit.SECONDS)).isPositive();
        assertThat(metrics.get("dde.model.age").tag("role", "trainer").gauge().value()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void shouldNotLearnFromPointsTheNewestModelFindsAnomalous() {
        pipeToyPoints(1000, 1);
        trainUntilAModelIsPublished();
        double keptBefore = points("kept");
        pipe("far", new double[] {40, -40});
        pipe("near", new double[] {2.83, 0});
        assertThat(points("gated")).isEqualTo(1);
        assertThat(points("kept")).isEqualTo(keptBefore + 1);
    }
}
