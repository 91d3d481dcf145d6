package io.ddestream.streaming;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the models topic (the processor of a global store, so every instance sees every snapshot): offers each
 * snapshot of the configured model name to the {@link LiveModel}, and keeps the last accepted one in the store,
 * from which a restarted instance starts scoring at once. Tombstones and other model names are ignored, with a
 * log line.
 */
public final class ModelFollower implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ModelFollower.class);

    private final String storeName;
    private final String modelName;
    private final LiveModel live;
    private KeyValueStore<String, byte[]> store;

    public ModelFollower(String storeName, String modelName, LiveModel live) {
        this.storeName = storeName;
        this.modelName = modelName;
        this.live = live;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        byte[] restored = store.get(modelName);
        if (restored != null) {
            live.offer(restored);
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (!modelName.equals(record.key())) {
            LOG.debug("ignoring a snapshot of model '{}' (following '{}')", record.key(), modelName);
            return;
        }
        if (record.value() == null) {
            LOG.warn("ignoring a tombstone for model '{}': keeping version {}", modelName, live.version());
            return;
        }
        if (live.offer(record.value()) == LiveModel.Outcome.ACCEPTED) {
            store.put(modelName, record.value());
        }
    }
}
