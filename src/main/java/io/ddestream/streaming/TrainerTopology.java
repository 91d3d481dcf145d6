package io.ddestream.streaming;

import io.ddestream.streaming.training.TrainerSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import java.util.List;
import java.util.Map;

/**
 * The trainer application's topology:
 *
 * <pre>
 *   valid-points-source (dde.points.valid) -> train [store "trainer-state"] -> models-sink (dde.models)
 * </pre>
 *
 * <p>The validated-points topic is written to partition 0 only (see {@link ScorerTopology}), so exactly one task
 * owns the model; more instances are standbys that take over, restoring the store from its changelog.
 */
public final class TrainerTopology {

    public static final String STATE_STORE = "trainer-state";
    /** Checkpoints and model snapshots are single records: room for large networks and reservoirs. */
    public static final int MAX_RECORD_BYTES = 16 << 20;

    private TrainerTopology() {
    }

    public static Topology build(Topics topics, List<String> features, String modelName, TrainerSettings settings,
                                 MeterRegistry metrics) {
        TrainerMetrics meters = new TrainerMetrics(metrics);
        Topology topology = new Topology();
        topology.addSource("valid-points-source", topics.validPoints().keySerde().deserializer(),
                topics.validPoints().valueSerde().deserializer(), topics.validPoints().name());
        topology.addProcessor("train",
                () -> new TrainerProcessor(STATE_STORE, modelName, features, settings, meters), "valid-points-source");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE),
                        Serdes.String(), Serdes.ByteArray())
                .withLoggingEnabled(Map.of("max.message.bytes", String.valueOf(MAX_RECORD_BYTES)))
                .withCachingEnabled(), "train");
        topology.addSink("models-sink", topics.models().name(), topics.models().keySerde().serializer(),
                topics.models().valueSerde().serializer(), "train");
        return topology;
    }
}
