package io.ddestream.streaming;

import io.ddestream.engine.density.TrainerSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import org.apache.kafka.streams.processor.StreamPartitioner;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The trainer application's topology, two sub-topologies joined by the training topic:
 *
 * <pre>
 *   points-source (dde.points) -> validate-for-training -> valid-points-sink (dde.points.valid, partition 0)
 *   valid-points-source (dde.points.valid) -> train [store "trainer-state"] -> models-sink (dde.models)
 * </pre>
 *
 * <p>Validation runs in as many tasks as the points topic has partitions; every valid point then goes to
 * partition 0 of the training topic, so exactly one task owns the model whatever that topic's partition count.
 * The training topic carries the parsed values in {@link PointBinary}'s compact form, a format internal to these
 * two sub-topologies, so that each point is parsed from text once.
 * Another instance of the application is a standby that takes over, restoring the store from its changelog.
 * The trainer reads the points topic itself rather than a feed from the scorer, so that scoring never pays for
 * training's input and either role runs without the other.
 */
public final class TrainerTopology {

    public static final String STATE_STORE = "trainer-state";
    /** Checkpoints and model snapshots are single records: room for large networks and reservoirs. */
    public static final int MAX_RECORD_BYTES = 16 << 20;

    private TrainerTopology() {
    }

    public static Topology build(Topics topics, PointParser parser, String modelName, TrainerSettings settings,
                                 MeterRegistry metrics) {
        TrainerMetrics meters = new TrainerMetrics(metrics);
        StreamPartitioner<String, Point> firstPartition = (topic, key, value, partitions) -> Optional.of(Set.of(0));
        Topology topology = new Topology();
        topology.addSource("points-source", topics.points().keySerde().deserializer(),
                topics.points().valueSerde().deserializer(), topics.points().name());
        topology.addProcessor("validate-for-training", () -> new TrainingFeed(parser, meters), "points-source");
        topology.addSink("valid-points-sink", topics.validPoints().name(), topics.validPoints().keySerde().serializer(),
                topics.validPoints().valueSerde().serializer(), firstPartition, "validate-for-training");
        topology.addSource("valid-points-source", topics.validPoints().keySerde().deserializer(),
                topics.validPoints().valueSerde().deserializer(), topics.validPoints().name());
        topology.addProcessor("train",
                () -> new TrainerProcessor(STATE_STORE, modelName, parser.features(), settings, meters), "valid-points-source");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE),
                        Serdes.String(), Serdes.ByteArray())
                .withLoggingEnabled(Map.of("max.message.bytes", String.valueOf(MAX_RECORD_BYTES)))
                .withCachingEnabled(), "train");
        topology.addSink("models-sink", topics.models().name(), topics.models().keySerde().serializer(),
                topics.models().valueSerde().serializer(), "train");
        return topology;
    }
}
