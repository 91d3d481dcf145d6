package io.ddestream.testing;

import io.ddestream.data.ToyDistribution;
import io.ddestream.streaming.PointFeed;
import io.ddestream.streaming.StreamsSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends points of the 8-gaussians toy, ids {@code <prefix>-0}, {@code <prefix>-1}, ..., keyed by id, at a steady
 * rate from a background thread until {@link #stop()} (or a maximum count), with an idempotent producer that rides
 * out a broker restart (it retries for {@code delivery.timeout.ms}). Records which sends the broker acknowledged
 * and which failed.
 */
public final class PointSender implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final Thread thread;
    private final List<String> ids;
    private volatile boolean stopRequested;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    private PointSender(Map<String, String> clientProperties, String topic, String prefix, int n, double rate,
                        long seed) {
        Map<String, String> props = new HashMap<>(clientProperties);
        // Ride out a broker restart: while no broker answers, send() waits for metadata (max.block.ms), and a
        // batch waits for delivery (delivery.timeout.ms).
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "120000");
        this.producer = new KafkaProducer<>(StreamsSettings.producer(props), new StringSerializer(),
                new ByteArraySerializer());
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add(prefix + "-" + i);
        }
        this.ids = Collections.unmodifiableList(names);
        double[][] rows = ToyDistribution.EIGHT_GAUSSIANS.sample(n, new Random(seed));
        this.thread = new Thread(() -> run(topic, rows, rate), "point-sender-" + prefix);
        this.thread.setDaemon(true);
    }

    /** Starts sending at once; it stops after {@code n} points, or at {@link #stop()}. */
    public static PointSender start(Map<String, String> clientProperties, String topic, String prefix, int n,
                                    double rate, long seed) {
        PointSender sender = new PointSender(clientProperties, topic, prefix, n, rate, seed);
        sender.thread.start();
        return sender;
    }

    private void run(String topic, double[][] rows, double rate) {
        long start = System.nanoTime();
        for (int i = 0; i < rows.length && !stopRequested && !Thread.currentThread().isInterrupted(); i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
            String id = ids.get(i);
            byte[] value = PointFeed.json(id, List.of("x", "y"), rows[i], System.currentTimeMillis());
            producer.send(new ProducerRecord<>(topic, id, value), (metadata, error) -> {
                if (error == null) {
                    acknowledged.incrementAndGet();
                } else {
                    failures.add(id + ": " + error);
                }
            });
            sent.incrementAndGet();
        }
        producer.flush();
    }

    /** Stops sending after the current point; {@link #ids()} then lists what was sent. */
    public void stop() {
        stopRequested = true;
    }

    /** The ids sent so far, in order. */
    public List<String> ids() {
        return ids.subList(0, (int) sent.get());
    }

    public long sent() {
        return sent.get();
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    /**
     * Waits until sending ended (all points, or {@link #stop()}) and every point sent was acknowledged; fails on
     * a timeout or any failed send.
     */
    public void awaitAcknowledged(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("still sending after " + timeout + " (" + sent() + " sent)");
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " sends failed, e.g. " + failures.peek());
        }
        if (acknowledged() != sent()) {
            throw new AssertionError("only " + acknowledged() + " of " + sent() + " points were acknowledged");
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }
}
