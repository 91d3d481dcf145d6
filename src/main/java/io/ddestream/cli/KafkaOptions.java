package io.ddestream.cli;

import io.ddestream.streaming.StreamsSettings;
import io.ddestream.streaming.Topics;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** How to reach Kafka: bootstrap servers and client properties passed straight through, and the topic prefix. */
final class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...",
            description = "Kafka bootstrap servers (default: bootstrap.servers from --kafka-config, else localhost:9092).")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "A .properties file of Kafka client settings (security.protocol, sasl.*, ssl.*, ...), "
                    + "passed to every client.")
    Path kafkaConfig;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "One Kafka client setting, over the file's (repeatable).")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(names = "--topic-prefix", defaultValue = "dde",
            description = "Topics are <prefix>.points, .points.dlq, .points.valid, .scores, .models (default ${DEFAULT-VALUE}).")
    String topicPrefix;

    /** The merged client properties: the file, then the overrides, with bootstrap servers resolved. */
    Map<String, String> clientProperties() throws IOException {
        Map<String, String> props = new LinkedHashMap<>(StreamsSettings.clientProperties(kafkaConfig, kafkaProperties));
        if (bootstrapServers != null) {
            props.put("bootstrap.servers", bootstrapServers);
        }
        props.putIfAbsent("bootstrap.servers", "localhost:9092");
        return props;
    }

    Topics topics() {
        return new Topics(topicPrefix);
    }
}
