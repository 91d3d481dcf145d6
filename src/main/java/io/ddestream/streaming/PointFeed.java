package io.ddestream.streaming;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Produces points to a topic in the points format, {@code {"id": ..., "features": {"name": value, ...}, "ts": now}},
 * keyed by id, optionally paced to a rate. Used by {@code dde produce} and the demo. Not thread-safe.
 */
public final class PointFeed implements AutoCloseable {

    private static final JsonFactory JSON = new JsonFactory();

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final List<String> features;
    private final double rate;
    private final AtomicLong sent = new AtomicLong();
    private long startNanos = -1;

    /**
     * @param rate points per second; 0 or less sends as fast as the producer takes them
     */
    public PointFeed(Map<String, String> clientProperties, String topic, List<String> features, double rate) {
        this.producer = new KafkaProducer<>(StreamsSettings.producer(clientProperties), new StringSerializer(),
                new ByteArraySerializer());
        this.topic = topic;
        this.features = List.copyOf(features);
        this.rate = rate;
    }

    /** Sends one point (values in the order of the features), first waiting for its slot at the set rate. */
    public void send(String id, double[] values) throws InterruptedException {
        pace();
        producer.send(new ProducerRecord<>(topic, id, json(id, features, values, System.currentTimeMillis())));
        sent.incrementAndGet();
    }

    private void pace() throws InterruptedException {
        if (rate <= 0) {
            return;
        }
        long now = System.nanoTime();
        if (startNanos < 0) {
            startNanos = now;
        }
        long due = startNanos + (long) (sent.get() * 1e9 / rate);
        if (due > now) {
            Thread.sleep((due - now) / 1_000_000, (int) ((due - now) % 1_000_000));
        }
    }

    /** Points sent so far (readable from any thread). */
    public long sent() {
        return sent.get();
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }

    /** The points-format JSON of one point with named features. */
    public static byte[] json(String id, List<String> features, double[] values, long timestamp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 24 * values.length);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("id", id);
            json.writeObjectFieldStart("features");
            for (int i = 0; i < values.length; i++) {
                json.writeNumberField(features.get(i), values[i]);
            }
            json.writeEndObject();
            json.writeNumberField("ts", timestamp);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory: cannot happen
        }
        return out.toByteArray();
    }
}
