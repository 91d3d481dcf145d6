package io.ddestream.streaming;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * Validates raw points for the scorer. A valid point goes to the children named in {@code validChildren}, keyed by its id
 * (record key String, value {@link Point}); an invalid record goes to the dead-letter child unchanged (the
 * original key, value and headers, as bytes), with its reason in the {@value #REASON_HEADER} header and a
 * human-readable explanation in {@value #DETAIL_HEADER}. Nothing is dropped.
 *
 * <p>A point without an id is named by its position ({@link PointIds}). Without a {@code ts}, the record's
 * timestamp is the event time.
 *
 * <p>Counts every record in {@code dde.points.received{outcome=valid|invalid, reason}} (reason {@code none} for
 * valid points). Its children have two record types, hence the {@code Object} output types.
 */
public final class PointValidator implements Processor<byte[], byte[], Object, Object> {

    public static final String REASON_HEADER = "dde.dlq.reason";
    public static final String DETAIL_HEADER = "dde.dlq.detail";

    private final PointParser parser;
    private final String deadLetterChild;
    private final String[] validChildren;
    private final Counter valid;
    private final Map<RejectionReason, Counter> invalid = new EnumMap<>(RejectionReason.class);
    private ProcessorContext<Object, Object> context;

    public PointValidator(PointParser parser, MeterRegistry metrics, String deadLetterChild, String... validChildren) {
        this.parser = parser;
        this.deadLetterChild = deadLetterChild;
        this.validChildren = validChildren.clone();
        this.valid = received(metrics, "valid", "none");
        for (RejectionReason reason : RejectionReason.values()) {
            invalid.put(reason, received(metrics, "invalid", reason.label()));
        }
    }

    private static Counter received(MeterRegistry metrics, String outcome, String reason) {
        return Counter.builder("dde.points.received").tag("outcome", outcome).tag("reason", reason)
                .description("Records read from the points topic").register(metrics);
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String fallbackId = PointIds.position(context.recordMetadata());
        PointParser.Result result = parser.parse(record.value(), fallbackId, record.timestamp());
        if (result instanceof PointParser.Valid ok) {
            valid.increment();
            Point point = ok.point();
            Record<String, Point> out = new Record<>(point.id(), point, record.timestamp(), record.headers());
            for (String child : validChildren) {
                context.forward(out, child);
            }
        } else if (result instanceof PointParser.Invalid bad) {
            invalid.get(bad.reason()).increment();
            Headers headers = record.headers();
            headers.remove(REASON_HEADER).remove(DETAIL_HEADER);
            headers.add(REASON_HEADER, bad.reason().label().getBytes(StandardCharsets.UTF_8));
            headers.add(DETAIL_HEADER, bad.detail().getBytes(StandardCharsets.UTF_8));
            context.forward(record.withHeaders(headers), deadLetterChild);
        }
    }
}
