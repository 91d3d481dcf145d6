package io.ddestream.observability.live;

import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.engine.snapshot.SnapshotFormatException;
import io.ddestream.streaming.PointIds;
import io.ddestream.streaming.PointParser;
import io.ddestream.streaming.ScoreJson;
import io.ddestream.streaming.Topics;
import io.ddestream.streaming.TrainerTopology;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Feeds a {@link LiveView} from the topics, on its own thread, with one read-committed consumer that is assigned
 * every partition of the models, points, scores and samples topics (no consumer group: the page takes nothing from
 * the roles' groups, commits nothing, and every process serving a page sees everything).
 *
 * <p>It starts a little in the past, so that a page opened on a running system is not empty: the models topic
 * from its beginning (it is compacted: the newest snapshot of each model is there), the others from about
 * {@value #PRELOAD} records before their end. Points are parsed by the roles' parser (invalid ones are only
 * counted); a malformed score or snapshot is logged and skipped, and a snapshot of another model name or of other
 * features is ignored.
 */
public final class LiveFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    /** Records read back per topic at start, spread over its partitions. */
    static final int PRELOAD = 2000;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topics topics;
    private final PointParser parser;
    private final String modelName;
    private final LiveView view;
    private final Thread thread;

    private LiveFeed(KafkaConsumer<byte[], byte[]> consumer, Topics topics, PointParser parser, String modelName,
                     LiveView view) {
        this.consumer = consumer;
        this.topics = topics;
        this.parser = parser;
        this.modelName = modelName;
        this.view = view;
        this.thread = new Thread(this::run, "dde-live-feed");
        this.thread.setDaemon(true);
    }

    /**
     * Assigns the topics' partitions (the topics must exist), seeks, and starts following them.
     *
     * @param clientProperties Kafka client settings (bootstrap servers, security), passed through
     */
    public static LiveFeed start(Map<String, String> clientProperties, Topics topics, PointParser parser,
                                 String modelName, LiveView view) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, TrainerTopology.MAX_RECORD_BYTES);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "dde-live-page");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        try {
            List<TopicPartition> models = partitions(consumer, topics.models().name());
            List<TopicPartition> recent = new ArrayList<>();
            for (String topic : List.of(topics.points().name(), topics.scores().name(), topics.samples().name())) {
                recent.addAll(partitions(consumer, topic));
            }
            List<TopicPartition> all = new ArrayList<>(models);
            all.addAll(recent);
            consumer.assign(all);
            consumer.seekToBeginning(models);
            seekBackFromEnd(consumer, recent);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        LiveFeed feed = new LiveFeed(consumer, topics, parser, modelName, view);
        feed.thread.start();
        return feed;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist (TopicSetup creates it)");
        }
        return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    }

    private static void seekBackFromEnd(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        for (TopicPartition tp : partitions) {
            long perPartition = Math.max(1, PRELOAD / partitionsOf(partitions, tp.topic()));
            consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - perPartition));
        }
    }

    private static long partitionsOf(List<TopicPartition> partitions, String topic) {
        return partitions.stream().filter(tp -> tp.topic().equals(topic)).count();
    }

    private void run() {
        try {
            while (true) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    dispatch(record);
                }
            }
        } catch (WakeupException closing) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            LOG.error("the live page's feed stopped: {}", e.toString(), e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> record) {
        String topic = record.topic();
        if (record.value() == null) {
            return;
        }
        if (topic.equals(topics.points().name())) {
            if (parse(record) instanceof PointParser.Valid valid) {
                view.onPoint(valid.point(), record.timestamp());
            } else {
                view.onRejectedPoint();
            }
        } else if (topic.equals(topics.scores().name())) {
            try {
                view.onScore(ScoreJson.read(record.value()), record.timestamp());
            } catch (SerializationException e) {
                LOG.debug("skipping an unreadable score at {}-{}@{}: {}", topic, record.partition(), record.offset(),
                        e.getMessage());
            }
        } else if (topic.equals(topics.samples().name())) {
            if (parse(record) instanceof PointParser.Valid valid) {
                view.onSample(valid.point(), record.timestamp());
            }
        } else if (topic.equals(topics.models().name())) {
            followModel(record);
        }
    }

    private PointParser.Result parse(ConsumerRecord<byte[], byte[]> record) {
        // The same fallback id as the scorer's validator, so that scores find their points.
        String fallbackId = PointIds.position(record.topic(), record.partition(), record.offset());
        return parser.parse(record.value(), fallbackId, record.timestamp());
    }

    private void followModel(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (!modelName.equals(key)) {
            return;
        }
        DensityModel model;
        try {
            model = DensityModelCodec.decode(record.value());
        } catch (SnapshotFormatException e) {
            LOG.warn("the live page skips a malformed snapshot of model '{}': {}", modelName, e.getMessage());
            return;
        }
        if (!model.features().equals(view.features())) {
            LOG.warn("the live page skips model '{}' version {}: features {} are not {}", modelName,
                    model.provenance().version(), model.features(), view.features());
            return;
        }
        view.onModel(model);
    }

    /** Stops following the topics, waiting up to 10 s for the consumer to close. */
    @Override
    public void close() {
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
