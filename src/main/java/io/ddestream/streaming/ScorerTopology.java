package io.ddestream.streaming;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;

/**
 * The scorer application's topology: validation and scoring of the points topic.
 *
 * <pre>
 *   points-source (dde.points) -> validate -+-> score -> scores-sink (dde.scores)
 *                                           +-> dead-letter-sink (dde.points.dlq)   [invalid only]
 *   models-source (dde.models) -> follow-models -> global store "models" -> LiveModel, read by score
 * </pre>
 *
 * <p>Scoring tasks scale with the points topic's partitions; the models topic is a global store, so every
 * instance holds the newest model.
 */
public final class ScorerTopology {

    public static final String MODELS_STORE = "models";

    private ScorerTopology() {
    }

    /** The topology with the {@linkplain ScoreLatency#DEFAULT_BOUND default latency bound}. */
    public static Topology build(Topics topics, PointParser parser, String modelName, LiveModel live,
                                 MeterRegistry metrics) {
        return build(topics, parser, modelName, live, metrics, ScoreLatency.DEFAULT_BOUND);
    }

    /**
     * @param latencyBound points whose {@code ts} is further than this from the wall clock are scored but not timed
     *                     ({@link ScoreLatency})
     */
    public static Topology build(Topics topics, PointParser parser, String modelName, LiveModel live,
                                 MeterRegistry metrics, Duration latencyBound) {
        Topology topology = new Topology();
        topology.addSource("points-source", topics.points().keySerde().deserializer(),
                topics.points().valueSerde().deserializer(), topics.points().name());
        topology.addProcessor("validate",
                () -> new PointValidator(parser, metrics, "dead-letter-sink", "score"),
                "points-source");
        topology.addProcessor("score", () -> new PointScorer(live, metrics, latencyBound), "validate");
        topology.addSink("scores-sink", topics.scores().name(), topics.scores().keySerde().serializer(),
                topics.scores().valueSerde().serializer(), "score");
        topology.addSink("dead-letter-sink", topics.deadLetters().name(), topics.deadLetters().keySerde().serializer(),
                topics.deadLetters().valueSerde().serializer(), "validate");
        topology.addGlobalStore(
                // The models topic is the store's changelog: a global store logs nowhere else.
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MODELS_STORE), Serdes.String(),
                        Serdes.ByteArray()).withLoggingDisabled(),
                "models-source", topics.models().keySerde().deserializer(), topics.models().valueSerde().deserializer(),
                topics.models().name(), "follow-models", () -> new ModelFollower(MODELS_STORE, modelName, live));
        return topology;
    }
}
