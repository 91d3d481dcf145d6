package io.ddestream.streaming;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Kafka client configurations for each role: dde's defaults first, then the user's client properties on top
 * (a file, then {@code --kafka-property} overrides), so any setting, security included, passes straight through.
 */
public final class StreamsSettings {

    private StreamsSettings() {
    }

    /** Properties from a {@code .properties} file, then the overrides on top. */
    public static Map<String, String> clientProperties(Path file, Map<String, String> overrides) throws IOException {
        Map<String, String> merged = new LinkedHashMap<>();
        if (file != null) {
            Properties fromFile = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                fromFile.load(reader);
            }
            fromFile.stringPropertyNames().forEach(name -> merged.put(name, fromFile.getProperty(name)));
        }
        merged.putAll(overrides);
        return merged;
    }

    /**
     * The properties with every secret's value hidden, for messages and logs: values of keys that name a password,
     * a JAAS configuration, a secret, a token, credentials or a key ({@code ssl.keystore.key}) become
     * {@code [hidden]}, as Kafka itself prints them.
     */
    public static Map<String, String> redacted(Map<String, String> properties) {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((key, value) -> shown.put(key, isSecret(key) ? "[hidden]" : value));
        return shown;
    }

    private static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("jaas") || k.contains("secret") || k.contains("token")
                || k.contains("credential") || k.endsWith(".key") || k.endsWith(".keys");
    }

    /** The Streams configuration of one role's application ({@code <prefix>-<role>}). */
    public static Properties streams(StreamingConfig config, String role) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationIdPrefix() + "-" + role);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().resolve(role).toString());
        // Model snapshots and trainer checkpoints are single records of up to 16 MiB.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), TrainerTopology.MAX_RECORD_BYTES);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG),
                TrainerTopology.MAX_RECORD_BYTES);
        // Only the trainer deserializes at its source (the scorer reads bytes and validates them itself). Its
        // topic is written by the validator alone; a record it cannot read is logged and counted by Streams
        // (dropped-records) rather than stopping the model's training for good.
        p.put(StreamsConfig.DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.putAll(config.clientProperties());
        return p;
    }

    /** Properties for admin clients and plain consumers. */
    public static Properties client(StreamingConfig config) {
        Properties p = new Properties();
        p.putAll(config.clientProperties());
        return p;
    }

    /** An idempotent producer's properties, with room for snapshots. */
    public static Properties producer(Map<String, String> clientProperties) {
        Properties p = new Properties();
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, TrainerTopology.MAX_RECORD_BYTES);
        p.putAll(clientProperties);
        return p;
    }
}
