package io.ddestream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The demo's view of its output: reads the scores and dead-letter topics as a consumer would (read-committed) on
 * its own thread, and tallies what it sees. Points whose id starts with {@value #INJECTED_PREFIX} were injected as
 * anomalies.
 */
final class ScoreWatch implements Runnable, AutoCloseable {

    static final String INJECTED_PREFIX = "anomaly-";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String scoresTopic;
    private final Thread thread;
    // Written by the watch thread, read by the status printer: a snapshot may mix two moments, which is fine.
    private volatile long scores;
    private volatile long warmingUp;
    private volatile long normalScored;
    private volatile long normalFlagged;
    private volatile long injectedScored;
    private volatile long injectedFlagged;
    private volatile long deadLetters;
    private volatile long modelVersion;

    ScoreWatch(Map<String, String> clientProperties, String scoresTopic, String deadLetterTopic) {
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
                        tally(JSON.readTree(record.value()));
                    } else {
                        deadLetters++;
                    }
                }
            }
        } catch (WakeupException stopping) {
            // closed
        } catch (IOException e) {
            throw new IllegalStateException("unreadable score record", e);
        } finally {
            consumer.close();
        }
    }

    private void tally(JsonNode score) {
        scores++;
        if (!score.get("status").asText().equals("scored")) {
            warmingUp += score.get("status").asText().equals("warming_up") ? 1 : 0;
            return;
        }
        boolean anomaly = score.get("anomaly").asBoolean();
        modelVersion = Math.max(modelVersion, score.get("model_version").asLong());
        if (score.get("id").asText().startsWith(INJECTED_PREFIX)) {
            injectedScored++;
            injectedFlagged += anomaly ? 1 : 0;
        } else {
            normalScored++;
            normalFlagged += anomaly ? 1 : 0;
        }
    }

    /** One line: scores, model version, flag rates, dead letters. */
    String summary() {
        StringBuilder line = new StringBuilder(String.format("scores %d (warming up %d) | model v%d", scores,
                warmingUp, modelVersion));
        if (normalScored + injectedScored > 0) {
            line.append(String.format(" | flagged %.1f%% of %s", percent(normalFlagged, normalScored),
                    injectedScored > 0 ? "normal points" : "points"));
            if (injectedScored > 0) {
                line.append(String.format(", %.1f%% of %d injected anomalies", percent(injectedFlagged, injectedScored),
                        injectedScored));
            }
        }
        return line.append(" | dead letters ").append(deadLetters).toString();
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(10_000);
    }
}
