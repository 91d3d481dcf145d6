package io.ddestream.streaming;

import io.ddestream.engine.generator.GeneratorServiceSettings;
import io.ddestream.engine.density.TrainerSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the streaming roles need, validated once and passed from the command line to every component.
 *
 * @param clientProperties Kafka client properties passed through unchanged to every client (Streams, producers,
 *                         consumers, admin) after dde's own defaults, so they win: {@code bootstrap.servers},
 *                         {@code security.protocol}, SASL and TLS settings, or any Streams setting
 * @param topics           topic names
 * @param features         the feature names points must carry, in the order models see them
 * @param modelName        the key of this model's snapshots on the models topic
 * @param applicationIdPrefix  Streams application ids are {@code <prefix>-scorer} and {@code <prefix>-trainer}
 * @param stateDir         where Streams keeps local state
 * @param processingGuarantee  {@code exactly_once_v2} (default) or {@code at_least_once}
 * @param streamThreads    stream threads per role
 * @param maxPointBytes    larger point records are rejected as {@code too_large}
 * @param trainer          how the trainer learns and publishes
 * @param generator        how the generator service trains and publishes
 * @param latencyBound     the scorer times points whose {@code ts} is within this of its clock; others are scored
 *                         but counted in {@code dde.score.latency.unmeasured} ({@link ScoreLatency})
 */
public record StreamingConfig(Map<String, String> clientProperties, Topics topics, List<String> features,
                              String modelName, String applicationIdPrefix, Path stateDir,
                              String processingGuarantee, int streamThreads, int maxPointBytes,
                              TrainerSettings trainer, GeneratorServiceSettings generator, Duration latencyBound) {

    public static final String EXACTLY_ONCE = "exactly_once_v2";
    private static final Set<String> GUARANTEES = Set.of(EXACTLY_ONCE, "at_least_once");

    public StreamingConfig {
        clientProperties = Map.copyOf(clientProperties);
        features = List.copyOf(features);
        if (!clientProperties.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("no bootstrap.servers among the Kafka client properties");
        }
        if (features.isEmpty() || Set.copyOf(features).size() != features.size()) {
            throw new IllegalArgumentException("feature names must be given, each once; got " + features);
        }
        if (modelName.isBlank()) {
            throw new IllegalArgumentException("the model name is blank");
        }
        if (!GUARANTEES.contains(processingGuarantee)) {
            throw new IllegalArgumentException("processing guarantee must be one of " + GUARANTEES + ", got '"
                    + processingGuarantee + "'");
        }
        if (streamThreads < 1 || maxPointBytes < 64) {
            throw new IllegalArgumentException("need at least 1 stream thread and a point size limit of 64 bytes");
        }
        if (latencyBound.isNegative() || latencyBound.isZero()) {
            throw new IllegalArgumentException("the latency bound must be positive, got " + latencyBound);
        }
    }

    /** A configuration with the {@linkplain ScoreLatency#DEFAULT_BOUND default latency bound}. */
    public StreamingConfig(Map<String, String> clientProperties, Topics topics, List<String> features,
                           String modelName, String applicationIdPrefix, Path stateDir, String processingGuarantee,
                           int streamThreads, int maxPointBytes, TrainerSettings trainer,
                           GeneratorServiceSettings generator) {
        this(clientProperties, topics, features, modelName, applicationIdPrefix, stateDir, processingGuarantee,
                streamThreads, maxPointBytes, trainer, generator, ScoreLatency.DEFAULT_BOUND);
    }

    /** A configuration with the generator service's defaults and the default latency bound. */
    public StreamingConfig(Map<String, String> clientProperties, Topics topics, List<String> features,
                           String modelName, String applicationIdPrefix, Path stateDir, String processingGuarantee,
                           int streamThreads, int maxPointBytes, TrainerSettings trainer) {
        this(clientProperties, topics, features, modelName, applicationIdPrefix, stateDir, processingGuarantee,
                streamThreads, maxPointBytes, trainer, GeneratorServiceSettings.defaults(trainer.density().build()));
    }

    /** The same configuration with other generator settings. */
    public StreamingConfig withGenerator(GeneratorServiceSettings settings) {
        return new StreamingConfig(clientProperties, topics, features, modelName, applicationIdPrefix, stateDir,
                processingGuarantee, streamThreads, maxPointBytes, trainer, settings, latencyBound);
    }

    /** The same configuration with another latency bound. */
    public StreamingConfig withLatencyBound(Duration bound) {
        return new StreamingConfig(clientProperties, topics, features, modelName, applicationIdPrefix, stateDir,
                processingGuarantee, streamThreads, maxPointBytes, trainer, generator, bound);
    }

    /** Like a record's, with the client properties' secrets hidden (a configuration may well end up in a log). */
    @Override
    public String toString() {
        return "StreamingConfig[clientProperties=" + StreamsSettings.redacted(clientProperties) + ", topics="
                + topics + ", features=" + features + ", modelName=" + modelName + ", applicationIdPrefix="
                + applicationIdPrefix + ", stateDir=" + stateDir + ", processingGuarantee=" + processingGuarantee
                + ", streamThreads=" + streamThreads + ", maxPointBytes=" + maxPointBytes + ", trainer=" + trainer
                + ", generator=" + generator + ", latencyBound=" + latencyBound + "]";
    }

    /** A parser for points with this configuration's features and size limit. */
    public PointParser pointParser() {
        return new PointParser(features, maxPointBytes);
    }

    public String bootstrapServers() {
        return clientProperties.get("bootstrap.servers");
    }
}
