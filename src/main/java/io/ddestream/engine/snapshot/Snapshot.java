package io.ddestream.engine.snapshot;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable model snapshot: a {@linkplain #kind() kind} that says what the snapshot holds and
 * how to read it (e.g. {@code "dde.density-model"}), free-form JSON {@linkplain #metadata()
 * metadata} (configuration, provenance, feature names, ...) and named tensors in a fixed order.
 *
 * <p>Build one with {@link #builder(String)}; turn it into bytes and back with {@link SnapshotCodec}.
 */
public final class Snapshot {

    private final String kind;
    private final ObjectNode metadata;
    private final List<Tensor> tensors; // in insertion order
    private final Map<String, Tensor> tensorsByName;

    private Snapshot(Builder builder) {
        this.kind = builder.kind;
        this.metadata = builder.metadata; // the builder copied it, and nobody mutates it
        this.tensors = List.copyOf(builder.tensors.values());
        this.tensorsByName = Map.copyOf(builder.tensors);
    }

    /** Starts a snapshot of the given kind, with empty metadata and no tensors. */
    public static Builder builder(String kind) {
        return new Builder(kind);
    }

    public String kind() {
        return kind;
    }

    /**
     * A copy of the metadata (Jackson nodes are mutable, so the snapshot keeps its own). After an
     * encode/decode round trip, numbers come back as the node types Jackson reads them as.
     */
    public ObjectNode metadata() {
        return metadata.deepCopy();
    }

    /** The tensors, in the order they were added (an unmodifiable list). */
    public List<Tensor> tensors() {
        return tensors;
    }

    /**
     * The tensor with this name.
     *
     * @throws SnapshotFormatException if there is none
     */
    public Tensor tensor(String name) {
        Tensor tensor = tensorsByName.get(name);
        if (tensor == null) {
            throw new SnapshotFormatException("missing tensor '" + name + "'");
        }
        return tensor;
    }

    /**
     * Returns this snapshot if it is of the {@code expected} kind, so that a reader handed the
     * wrong file or record fails with a clear message rather than a missing tensor.
     *
     * @throws SnapshotFormatException if the kind differs
     */
    public Snapshot expectKind(String expected) {
        if (!kind.equals(expected)) {
            throw new SnapshotFormatException(
                    "expected a '" + expected + "' snapshot, got '" + kind + "'");
        }
        return this;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Snapshot that
                && kind.equals(that.kind)
                && metadata.equals(that.metadata)
                && tensors.equals(that.tensors);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, metadata, tensors);
    }

    @Override
    public String toString() {
        return "Snapshot[kind=" + kind + ", tensors=" + tensors + "]";
    }

    /**
     * Collects the parts of a {@link Snapshot}. Invalid input (blank kind, duplicate tensor name)
     * throws {@link IllegalArgumentException} at once rather than in {@link #build()}.
     */
    public static final class Builder {

        private final String kind;
        private ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        private final Map<String, Tensor> tensors = new LinkedHashMap<>();

        private Builder(String kind) {
            Objects.requireNonNull(kind, "kind");
            if (kind.isBlank()) {
                throw new IllegalArgumentException("snapshot kind is blank");
            }
            this.kind = kind;
        }

        /** Sets the metadata; the snapshot keeps a copy. */
        public Builder metadata(ObjectNode metadata) {
            this.metadata = Objects.requireNonNull(metadata, "metadata").deepCopy();
            return this;
        }

        /** Appends a tensor; its name must differ from those already added. */
        public Builder tensor(Tensor tensor) {
            if (tensors.putIfAbsent(tensor.name(), tensor) != null) {
                throw new IllegalArgumentException("duplicate tensor '" + tensor.name() + "'");
            }
            return this;
        }

        /** Appends a {@link DType#FLOAT32} tensor holding a copy of {@code data}. */
        public Builder tensor(String name, int[] shape, float[] data) {
            return tensor(Tensor.ofFloats(name, shape, data));
        }

        /** Appends a {@link DType#FLOAT64} tensor holding a copy of {@code data}. */
        public Builder tensor(String name, int[] shape, double[] data) {
            return tensor(Tensor.ofDoubles(name, shape, data));
        }

        public Snapshot build() {
            return new Snapshot(this);
        }
    }
}
