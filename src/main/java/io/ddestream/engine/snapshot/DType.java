package io.ddestream.engine.snapshot;

/** Element type of a {@link Tensor}: IEEE 754 floats, stored little-endian. */
public enum DType {
    FLOAT32(1, Float.BYTES),
    FLOAT64(2, Double.BYTES);

    /** The byte that identifies this type in the encoding; never reuse a retired code. */
    final int code;
    /** Bytes per element. */
    final int width;

    DType(int code, int width) {
        this.code = code;
        this.width = width;
    }

    /** Returns the type with this code, or {@code null} if no type has it. */
    static DType fromCode(int code) {
        for (DType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
