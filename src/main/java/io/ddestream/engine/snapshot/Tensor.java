package io.ddestream.engine.snapshot;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable, named n-dimensional array of {@link DType#FLOAT32} or {@link DType#FLOAT64}
 * elements in row-major (C) order. A rank-0 tensor (empty shape) is a scalar with one element.
 *
 * <p>Arrays passed in and handed out are copies, so a tensor never shares state with its callers.
 * Constructing an invalid tensor throws {@link IllegalArgumentException}; asking a tensor for
 * content it does not have throws {@link SnapshotFormatException}, because that means the
 * snapshot it came from does not match its reader.
 */
public final class Tensor {

    /** Highest rank a tensor may have; model parameters need far fewer dimensions. */
    public static final int MAX_RANK = 8;
    /** Longest name, in UTF-8 bytes (the encoding stores the length as a u16). */
    public static final int MAX_NAME_BYTES = 0xFFFF;

    private final String name;
    private final int[] shape;
    private final DType dtype;
    private final int size;
    private final float[] floats; // non-null iff dtype == FLOAT32
    private final double[] doubles; // non-null iff dtype == FLOAT64

    /** Takes ownership of {@code shape} and the data array; callers pass arrays nobody else holds. */
    private Tensor(String name, int[] shape, DType dtype, float[] floats, double[] doubles) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("tensor name is empty");
        }
        if (Utf8.encode(name, "tensor name").length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException(
                    "tensor name is longer than " + MAX_NAME_BYTES + " UTF-8 bytes");
        }
        if (shape.length > MAX_RANK) {
            throw new IllegalArgumentException(String.format(
                    "tensor '%s' has rank %d, more than %d", name, shape.length, MAX_RANK));
        }
        int size = elementCount(name, shape);
        int length = floats != null ? floats.length : doubles.length;
        if (length != size) {
            throw new IllegalArgumentException(String.format(
                    "tensor '%s' has %d elements but shape %s needs %d",
                    name, length, Arrays.toString(shape), size));
        }
        this.name = name;
        this.shape = shape;
        this.dtype = dtype;
        this.size = size;
        this.floats = floats;
        this.doubles = doubles;
    }

    /** A {@link DType#FLOAT32} tensor holding a copy of {@code data}. */
    public static Tensor ofFloats(String name, int[] shape, float[] data) {
        return new Tensor(name, shape.clone(), DType.FLOAT32, data.clone(), null);
    }

    /** A {@link DType#FLOAT64} tensor holding a copy of {@code data}. */
    public static Tensor ofDoubles(String name, int[] shape, double[] data) {
        return new Tensor(name, shape.clone(), DType.FLOAT64, null, data.clone());
    }

    public String name() {
        return name;
    }

    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape; empty for a scalar. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Number of elements: the product of the dimensions. */
    public int size() {
        return size;
    }

    /**
     * Returns this tensor if its shape is exactly {@code expected}, so that a reader can check and
     * use it in one expression: {@code snapshot.tensor("w").expectShape(3, 4).floats()}.
     *
     * @throws SnapshotFormatException if the shape differs
     */
    public Tensor expectShape(int... expected) {
        if (!Arrays.equals(shape, expected)) {
            throw new SnapshotFormatException(String.format("tensor '%s' has shape %s, expected %s",
                    name, Arrays.toString(shape), Arrays.toString(expected)));
        }
        return this;
    }

    /**
     * A copy of the elements of a {@link DType#FLOAT32} tensor.
     *
     * @throws SnapshotFormatException if this tensor holds {@link DType#FLOAT64} elements
     */
    public float[] floats() {
        expectType(DType.FLOAT32);
        return floats.clone();
    }

    /**
     * A copy of the elements of a {@link DType#FLOAT64} tensor.
     *
     * @throws SnapshotFormatException if this tensor holds {@link DType#FLOAT32} elements
     */
    public double[] doubles() {
        expectType(DType.FLOAT64);
        return doubles.clone();
    }

    private void expectType(DType expected) {
        if (dtype != expected) {
            throw new SnapshotFormatException(String.format(
                    "tensor '%s' holds %s elements, expected %s", name, dtype, expected));
        }
    }

    /**
     * Number of elements of {@code shape}, or {@link IllegalArgumentException} if a dimension is
     * negative or the count does not fit a Java array. Shared with the decoder, which must know the
     * count before it allocates anything.
     */
    static int elementCount(String name, int[] shape) {
        long count = 1;
        for (int dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException(String.format(
                        "tensor '%s' has a negative dimension in shape %s", name, Arrays.toString(shape)));
            }
            // Saturating at 2^31 keeps the product within a long, and a later 0 still yields 0.
            count = Math.min(count * dim, Integer.MAX_VALUE + 1L);
        }
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(String.format(
                    "tensor '%s' shape %s has more than %d elements",
                    name, Arrays.toString(shape), Integer.MAX_VALUE));
        }
        return (int) count;
    }

    /** Size of the encoded elements; a long because a legal tensor may exceed 2 GiB. */
    long byteSize() {
        return (long) size * dtype.width;
    }

    /** Writes the elements at the buffer's position, in the buffer's byte order, and advances it. */
    void putData(ByteBuffer out) {
        // One bulk copy through a view buffer instead of a put per element: layers reach ~1e6 floats.
        if (dtype == DType.FLOAT32) {
            out.asFloatBuffer().put(floats);
        } else {
            out.asDoubleBuffer().put(doubles);
        }
        out.position(out.position() + (int) byteSize());
    }

    /**
     * Reads a tensor's elements from the buffer's position, in the buffer's byte order, and
     * advances it. The caller has checked that {@code in} holds enough bytes.
     */
    static Tensor getData(String name, int[] shape, DType dtype, ByteBuffer in) {
        int count = elementCount(name, shape);
        Tensor tensor;
        if (dtype == DType.FLOAT32) {
            float[] data = new float[count];
            in.asFloatBuffer().get(data);
            tensor = new Tensor(name, shape, dtype, data, null);
        } else {
            double[] data = new double[count];
            in.asDoubleBuffer().get(data);
            tensor = new Tensor(name, shape, dtype, null, data);
        }
        in.position(in.position() + (int) tensor.byteSize());
        return tensor;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Tensor that
                && name.equals(that.name)
                && dtype == that.dtype
                && Arrays.equals(shape, that.shape)
                && Arrays.equals(floats, that.floats)
                && Arrays.equals(doubles, that.doubles);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape),
                Arrays.hashCode(floats), Arrays.hashCode(doubles));
    }

    /** Name, type and shape; never the elements, which may number millions. */
    @Override
    public String toString() {
        return name + ' ' + dtype + ' ' + Arrays.toString(shape);
    }
}
