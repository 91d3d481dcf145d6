package io.ddestream.streaming.demo;

import io.ddestream.streaming.ScoreJson;
import io.ddestream.streaming.ScoreRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The demo's view of its output: reads the scores and dead-letter topics as a consumer would (read-committed) on
 * its own thread, and tallies what it sees. Points whose id starts with {@value DemoSource#INJECTED_PREFIX} were
 * injected as anomalies.
 */
public final class ScoreWatch implements Runnable, AutoCloseable {

    /**
     * What the watch has seen so far. Normal and injected count scored points only; a tally read while the watch
     * runs may mix two moments, which a status line can live with.
     *
     * @param scores          score records, whatever their status
     * @param warmingUp       of them, points that arrived before the first model
     * @param modelVersion    the newest model version seen on a scored point
     * @param normalScored    scored points that were not injected
     * @param normalFlagged   of them, those flagged as anomalies
     * @param injectedScored  scored injected anomalies
     * @param injectedFlagged of them, those flagged
     * @param deadLetters     records on the dead-letter topic
     */
    public record Tally(long scores, long warmingUp, long modelVersion, long normalScored, long normalFlagged,
                        long injectedScored, long injectedFlagged, long deadLetters) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String scoresTopic;
    private final Thread thread;
    // Written by the watch thread, read by the status printer.
    private volatile long scores;
    private volatile long warmingUp;
    private volatile long normalScored;
    private volatile long normalFlagged;
    private volatile long injectedScored;
    private volatile long injectedFlagged;
    private volatile long deadLetters;
    private volatile long modelVersion;

    /** Starts watching from the topics' beginning. */
    public ScoreWatch(Map<String, String> clientProperties, String scoresTopic, String deadLetterTopic) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dde-demo-watch-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.consumer.subscribe(List.of(scoresTopic, deadLetterTopic));
        this.scoresTopic = scoresTopic;
        this.thread = new Thread(this, "dde-demo-watch");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public void run() {
        try {
            while (true) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.topic().equals(scoresTopic)) {
                        count(ScoreJson.read(record.value()));
                    } else {
                        deadLetters++;
                    }
                }
            }
        } catch (WakeupException stopping) {
            // closed
        } catch (SerializationException e) {
            throw new IllegalStateException("unreadable score record", e);
        } finally {
            consumer.close();
        }
    }

    private void count(ScoreRecord score) {
        scores++;
        if (score.status() != ScoreRecord.Status.SCORED) {
            warmingUp += score.status() == ScoreRecord.Status.WARMING_UP ? 1 : 0;
            return;
        }
        boolean anomaly = score.anomaly();
        modelVersion = Math.max(modelVersion, score.modelVersion());
        if (score.id().startsWith(DemoSource.INJECTED_PREFIX)) {
            injectedScored++;
            injectedFlagged += anomaly ? 1 : 0;
        } else {
            normalScored++;
            normalFlagged += anomaly ? 1 : 0;
        }
    }

    /** What has been seen so far (readable from any thread). */
    public Tally tally() {
        return new Tally(scores, warmingUp, modelVersion, normalScored, normalFlagged, injectedScored,
                injectedFlagged, deadLetters);
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(10_000);
    }
}
