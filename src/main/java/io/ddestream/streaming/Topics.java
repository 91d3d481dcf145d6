package io.ddestream.streaming;

import org.apache.kafka.common.serialization.Serdes;

import java.util.List;

/**
 * The topics of the system, named {@code <prefix>.points} etc. (README, "Streaming": the messages); the default
 * prefix is {@code dde}.
 *
 * <ul>
 *   <li>{@link #points()}: raw JSON points from producers (bytes: they are validated, not trusted);</li>
 *   <li>{@link #deadLetters()}: rejected points, the original key and value with the reason in headers;</li>
 *   <li>{@link #validPoints()}: the trainer's internal funnel of validated points, one partition, in
 *       {@link PointBinary}'s compact form: internal between the trainer's two sub-topologies;</li>
 *   <li>{@link #scores()}: one JSON score per valid point, keyed by the point's id;</li>
 *   <li>{@link #models()}: compacted; {@code DensityModelCodec} snapshots keyed by model name;</li>
 *   <li>{@link #samples()}: generated points in the points format (user units and feature names);</li>
 *   <li>{@link #generatorModels()}: compacted; the generator service's own snapshots keyed by model name.</li>
 * </ul>
 */
public record Topics(String prefix) {

    public Topics {
        if (prefix == null || prefix.isBlank() || !prefix.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("topic prefix must be letters, digits, '.', '_' or '-', got '"
                    + prefix + "'");
        }
    }

    public static Topics defaults() {
        return new Topics("dde");
    }

    public Topic<byte[], byte[]> points() {
        return new Topic<>(prefix + ".points", Serdes.ByteArray(), Serdes.ByteArray());
    }

    public Topic<byte[], byte[]> deadLetters() {
        return new Topic<>(prefix + ".points.dlq", Serdes.ByteArray(), Serdes.ByteArray());
    }

    public Topic<String, Point> validPoints() {
        return new Topic<>(prefix + ".points.valid", Serdes.String(), PointBinary.serde());
    }

    public Topic<String, ScoreRecord> scores() {
        return new Topic<>(prefix + ".scores", Serdes.String(), ScoreJson.serde());
    }

    public Topic<String, byte[]> models() {
        return new Topic<>(prefix + ".models", Serdes.String(), Serdes.ByteArray());
    }

    public Topic<String, byte[]> samples() {
        return new Topic<>(prefix + ".samples", Serdes.String(), Serdes.ByteArray());
    }

    public Topic<String, byte[]> generatorModels() {
        return new Topic<>(prefix + ".generator.models", Serdes.String(), Serdes.ByteArray());
    }

    /** Every topic name, inputs first. */
    public List<String> all() {
        return List.of(points().name(), deadLetters().name(), validPoints().name(), scores().name(),
                models().name(), samples().name(), generatorModels().name());
    }
}
