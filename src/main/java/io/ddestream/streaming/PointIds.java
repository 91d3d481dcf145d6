package io.ddestream.streaming;

import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.util.Optional;

/**
 * The id of a point whose producer gave none: its position, {@code <topic>-<partition>-<offset>} (e.g.
 * {@code dde.points-3-1042}), unique and the same on a replay, so that its score stays matchable. Every reader of
 * the points topic (the scorer's and the trainer's validation, the live page) names such points by this one rule.
 */
public final class PointIds {

    /** The id when Kafka Streams has no position for the record (never the case for a record from a topic). */
    static final String UNKNOWN_POSITION = "unknown";

    private PointIds() {
    }

    /** The id of the point at this position. */
    public static String position(String topic, int partition, long offset) {
        return topic + "-" + partition + "-" + offset;
    }

    /** The id of the point a Streams processor is processing, from the record's metadata. */
    static String position(Optional<RecordMetadata> metadata) {
        return metadata.map(m -> position(m.topic(), m.partition(), m.offset())).orElse(UNKNOWN_POSITION);
    }
}
