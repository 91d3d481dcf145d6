package io.ddestream.streaming;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The trainer's own validation of the points topic: valid points go on, keyed by id, to the training topic;
 * invalid ones are counted ({@code dde.train.points{outcome=invalid}}) and left to the scorer, whose validator
 * (the same parser) sends them to the dead-letter topic with their reason.
 */
public final class TrainingFeed implements Processor<byte[], byte[], String, Point> {

    private final PointParser parser;
    private final TrainerMetrics metrics;
    private ProcessorContext<String, Point> context;

    TrainingFeed(PointParser parser, TrainerMetrics metrics) {
        this.parser = parser;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Point> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String fallbackId = PointIds.position(context.recordMetadata());
        if (parser.parse(record.value(), fallbackId, record.timestamp()) instanceof PointParser.Valid valid) {
            Point point = valid.point();
            context.forward(new Record<>(point.id(), point, record.timestamp()));
        } else {
            metrics.invalid();
        }
    }
}
