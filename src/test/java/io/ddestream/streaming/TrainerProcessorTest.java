package io.ddestream.streaming;

import io.ddestream.testing.TestSettings;
import io.ddestream.data.ToyDistribution;
import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.engine.density.TrainerCheckpoint;
import io.ddestream.engine.density.TrainerSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The trainer's restore path: a new processor on the same store continues where the last one stopped. */
class TrainerProcessorTest {

    private final KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(TrainerTopology.STATE_STORE), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled().build();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TrainerMetrics metrics = new TrainerMetrics(registry);

    private MockProcessorContext<String, byte[]> context() {
        MockProcessorContext<String, byte[]> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return context;
    }

    private TrainerProcessor processor() {
        return new TrainerProcessor(TrainerTopology.STATE_STORE, "default", TrainerTopologyTest.FEATURES,
                // Learning from every point, so that the count below is exact.
                TrainerTopologyTest.fastSettings().withGate(0.01, true), metrics);
    }

    private static void feed(TrainerProcessor processor, int n, long seed) {
        double[][] rows = ToyDistribution.EIGHT_GAUSSIANS.sample(n, new Random(seed));
        for (int i = 0; i < n; i++) {
            processor.process(new Record<>("p" + i, new Point("p" + i, rows[i], i), i));
        }
    }

    private static long publishOne(MockProcessorContext<String, byte[]> context, long now) {
        int before = context.forwarded().size();
        for (int round = 0; round < 40 && context.forwarded().size() == before; round++) {
            context.scheduledPunctuators().get(0).getPunctuator().punctuate(now + round);
        }
        List<MockProcessorContext.CapturedForward<? extends String, ? extends byte[]>> out = context.forwarded();
        assertThat(out).hasSizeGreaterThan(before);
        return DensityModelCodec.decode(out.get(out.size() - 1).record().value()).provenance().version();
    }

    @Test
    void shouldNotLearnFromAPointBeyondTheModelsRangeNorFailOnIt() {
        // Given a trainer with the anomaly gate on and a published model
        MockProcessorContext<String, byte[]> context = context();
        TrainerProcessor processor = new TrainerProcessor(TrainerTopology.STATE_STORE, "default",
                TrainerTopologyTest.FEATURES, TrainerTopologyTest.fastSettings(), metrics);
        processor.init(context);
        feed(processor, 1000, 1);
        publishOne(context, 1_000);
        // When a point arrives that overflows the model's arithmetic (the validator refuses such values; the
        // trainer must not depend on it)
        processor.process(new Record<>("far", new Point("far", new double[] {1.7e308, -1.7e308}, 1), 1));
        // Then it is not learned from, and counted
        assertThat(registry.get("dde.train.points").tag("outcome", "out_of_range").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldContinueStepsVersionsAndReservoirAfterARestart() {
        // Given a trainer that published a model, then saw more points
        MockProcessorContext<String, byte[]> first = context();
        TrainerProcessor before = processor();
        before.init(first);
        feed(before, 1000, 1);
        assertThat(publishOne(first, 1_000)).isEqualTo(1);
        feed(before, 300, 2);
        before.close();

        // When a new processor starts on the same store (a restart, or another instance after a move)
        MockProcessorContext<String, byte[]> second = context();
        TrainerProcessor after = processor();
        after.init(second);

        // Then the next model is version 2, trained further than version 1
        long version = publishOne(second, 2_000);
        assertThat(version).isEqualTo(2);
        var record = second.forwarded().get(second.forwarded().size() - 1).record();
        var model = DensityModelCodec.decode(record.value());
        assertThat(model.provenance().steps()).isGreaterThan(200);
        // And no point was forgotten: all 1,300 were offered to the reservoir
        assertThat(model.provenance().trainingPoints()).isEqualTo(1300);
    }

    @Test
    void shouldSelectSigmaAgainWhenRestartedDuringTheSelectionAndThenKeepItsChoice() throws Exception {
        // Given a trainer that selects sigma, stopped right after its warm-up (the selection had not finished)
        TrainerSettings settings = TestSettings.selecting(TrainerTopologyTest.fastSettings(),
                TrainerTopologyTest.fastSelection());
        TrainerProcessor before = new TrainerProcessor(TrainerTopology.STATE_STORE, "default",
                TrainerTopologyTest.FEATURES, settings, metrics);
        before.init(context());
        feed(before, 450, 1);
        before.close();
        assertThat(store.get("checkpoint")).as("no checkpoint before sigma is known").isNull();

        // When a new processor starts on the same store
        MockProcessorContext<String, byte[]> second = context();
        TrainerProcessor after = new TrainerProcessor(TrainerTopology.STATE_STORE, "default",
                TrainerTopologyTest.FEATURES, settings, new TrainerMetrics(new SimpleMeterRegistry()));
        after.init(second);

        // Then it selects again, on its own thread, and its first selected model learned at the choice and carries
        // it (provisional models may come first, while the selection runs)
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        DensityModel model = null;
        while (model == null && System.nanoTime() < deadline) {
            second.scheduledPunctuators().get(0).getPunctuator().punctuate(System.currentTimeMillis());
            model = second.forwarded().stream().map(r -> DensityModelCodec.decode(r.record().value()))
                    .filter(m -> !m.provisional()).findFirst().orElse(null);
            Thread.sleep(20);
        }
        assertThat(model).as("a model after the selection").isNotNull();
        var selection = model.sigmaSelection().orElseThrow();
        assertThat(model.sigma()).isEqualTo(selection.chosen());
        assertThat(selection.points()).as("the reservoir at the restart: all 450 points").isEqualTo(450);
        // And the choice is checkpointed, so that a later restart does not select again
        var checkpoint = TrainerCheckpoint.decode(store.get("checkpoint"));
        assertThat(checkpoint.sigmaSelection()).isEqualTo(selection);
        after.close();
    }
}
