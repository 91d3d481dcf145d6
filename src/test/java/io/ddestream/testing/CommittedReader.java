package io.ddestream.testing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Reads a whole topic from the beginning as a downstream consumer would, {@code isolation.level=read_committed}
 * (only what committed transactions wrote), without a consumer group; keeps everything read, and reads on while a
 * test waits for a condition on it.
 */
public final class CommittedReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

    /** @param clientProperties at least {@code bootstrap.servers}; security settings pass through */
    public CommittedReader(Map<String, String> clientProperties, String topic) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20);
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " has no partitions (does it exist?)");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Everything read so far, in arrival order (per partition in offset order). */
    public List<ConsumerRecord<byte[], byte[]>> records() {
        return Collections.unmodifiableList(records);
    }

    /** Reads whatever is available within about {@code duration}. */
    public List<ConsumerRecord<byte[], byte[]>> readFor(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        do {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        } while (System.nanoTime() < deadline);
        return records();
    }

    /**
     * Reads until {@code done} holds for everything read so far; fails after {@code timeout} with the message
     * {@code failure} gives (evaluated then, so it can describe the state).
     */
    public List<ConsumerRecord<byte[], byte[]>> readUntil(Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
                                                          Duration timeout, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(records())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("after " + timeout + " reading " + consumer.assignment() + ": "
                        + failure.get());
            }
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
