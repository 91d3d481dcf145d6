package io.ddestream.streaming;

import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.engine.density.DensityLearner;
import io.ddestream.engine.density.TrainerCheckpoint;
import io.ddestream.engine.density.TrainerSettings;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The trainer's state in a changelogged key-value store, laid out so that every processed point is durable in
 * the same transaction that consumes it:
 *
 * <ul>
 *   <li>{@code reservoir/<slot>}: a reservoir row (little-endian float64 values), written when a point takes
 *       the slot;</li>
 *   <li>{@code reservoir.offered}: how many points the reservoir has been offered (int64);</li>
 *   <li>{@code checkpoint}: the {@link TrainerCheckpoint}, written when the warm-up ends and with every published
 *       model;</li>
 *   <li>{@code model}: the last published model's snapshot, the gate after a restart.</li>
 * </ul>
 *
 * <p>A crash loses at most the steps since the last published model: they are redone from the checkpoint.
 */
final class TrainerStore {

    private static final String OFFERED = "reservoir.offered";
    private static final String CHECKPOINT = "checkpoint";
    private static final String MODEL = "model";

    private final KeyValueStore<String, byte[]> store;

    TrainerStore(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /** The trainer as the store last saw it; a fresh one if the store is empty. */
    DensityLearner load(List<String> features, TrainerSettings settings) {
        byte[] offeredBytes = store.get(OFFERED);
        if (offeredBytes == null) {
            return DensityLearner.create(features, settings);
        }
        long offered = ByteBuffer.wrap(offeredBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int held = (int) Math.min(offered, settings.reservoirCapacity());
        double[][] rows = new double[held][];
        for (int slot = 0; slot < held; slot++) {
            byte[] bytes = store.get(slotKey(slot));
            if (bytes == null || bytes.length != Double.BYTES * features.size()) {
                throw new IllegalStateException("the trainer's store lacks reservoir slot " + slot + " of " + held
                        + " (or it has another dimension than " + features.size() + ")");
            }
            rows[slot] = new double[features.size()];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(rows[slot]);
        }
        byte[] checkpoint = store.get(CHECKPOINT);
        byte[] model = store.get(MODEL);
        DensityModel newest = model == null ? null : DensityModelCodec.decode(model);
        return DensityLearner.restore(features, settings,
                checkpoint == null ? null : TrainerCheckpoint.decode(checkpoint), rows, offered, newest);
    }

    /** Saves a point's reservoir slot (if it took one) and the offer count. */
    void saveObservation(int slot, double[] row, long offered) {
        if (slot >= 0) {
            ByteBuffer bytes = ByteBuffer.allocate(Double.BYTES * row.length).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asDoubleBuffer().put(row);
            store.put(slotKey(slot), bytes.array());
        }
        store.put(OFFERED, ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(offered).array());
    }

    void saveCheckpoint(TrainerCheckpoint checkpoint) {
        store.put(CHECKPOINT, checkpoint.encode());
    }

    void saveModel(byte[] snapshot) {
        store.put(MODEL, snapshot);
    }

    private static String slotKey(int slot) {
        return "reservoir/" + slot;
    }
}
