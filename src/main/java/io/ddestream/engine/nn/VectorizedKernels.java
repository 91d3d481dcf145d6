package io.ddestream.engine.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@link ActivationKernels} for float32 arrays on the CPU backend, with the JDK's Vector API (SIMD exp and
 * log1p): each fused operation is one pass over host memory. Checked against the portable kernels by
 * {@code ActivationKernelsTest}.
 */
final class VectorizedKernels extends ActivationKernels {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private VectorizedKernels() {
    }

    /** Only where {@link VectorSupport#AVAILABLE}. */
    static VectorizedKernels create() {
        return new VectorizedKernels();
    }

    @Override
    void activate(INDArray pre, INDArray bias, INDArray skip, INDArray sig, INDArray out) {
        Matrix p = new Matrix(pre);
        Matrix bi = new Matrix(bias);
        Matrix sk = skip == null ? null : new Matrix(skip);
        Matrix s = new Matrix(sig);
        Matrix o = new Matrix(out);
        int cols = (int) pre.columns();
        int bound = SPECIES.loopBound(cols);
        for (int row = 0; row < pre.rows(); row++) {
            int base = row * cols;
            int col = 0;
            for (; col < bound; col += SPECIES.length()) {
                FloatVector a = p.load(base + col).add(bi.load(col));
                // exp(-|a|) never overflows; both results follow from it.
                FloatVector e = a.abs().neg().lanewise(VectorOperators.EXP);
                FloatVector r = FloatVector.broadcast(SPECIES, 1f).div(e.add(1f));
                VectorMask<Float> positive = a.compare(VectorOperators.GE, 0f);
                s.store(base + col, e.mul(r).blend(r, positive));
                FloatVector softplus = a.max(0f).add(e.lanewise(VectorOperators.LOG1P));
                o.store(base + col, sk == null ? softplus : softplus.add(sk.load(base + col)));
            }
            for (; col < cols; col++) {
                float a = p.get(base + col) + bi.get(col);
                double e = Math.exp(-Math.abs(a));
                s.put(base + col, (float) (a >= 0 ? 1 / (1 + e) : e / (1 + e)));
                float softplus = (float) (Math.max(a, 0) + Math.log1p(e));
                o.put(base + col, sk == null ? softplus : softplus + sk.get(base + col));
            }
        }
    }

    @Override
    void sigmoidDerivativeProduct(INDArray sig, INDArray a, INDArray b, INDArray out) {
        Matrix s = new Matrix(sig);
        Matrix x = new Matrix(a);
        Matrix y = new Matrix(b);
        Matrix o = new Matrix(out);
        int n = (int) sig.length();
        int bound = SPECIES.loopBound(n);
        int i = 0;
        for (; i < bound; i += SPECIES.length()) {
            FloatVector sv = s.load(i);
            o.store(i, sv.mul(sv.neg().add(1f)).mul(x.load(i)).mul(y.load(i)));
        }
        for (; i < n; i++) {
            float sv = s.get(i);
            o.put(i, sv * (1 - sv) * x.get(i) * y.get(i));
        }
    }

    @Override
    void multiplyAdd(INDArray a, INDArray b, INDArray acc, INDArray scratch) {
        Matrix x = new Matrix(a);
        Matrix y = new Matrix(b);
        Matrix z = new Matrix(acc);
        int n = (int) a.length();
        int bound = SPECIES.loopBound(n);
        int i = 0;
        for (; i < bound; i += SPECIES.length()) {
            z.store(i, x.load(i).fma(y.load(i), z.load(i)));
        }
        for (; i < n; i++) {
            z.put(i, x.get(i) * y.get(i) + z.get(i));
        }
    }

    @Override
    void columnSums(INDArray m, INDArray out) {
        Matrix x = new Matrix(m);
        Matrix o = new Matrix(out);
        int cols = (int) m.columns();
        int bound = SPECIES.loopBound(cols);
        for (int col = 0; col < bound; col += SPECIES.length()) {
            FloatVector sum = FloatVector.zero(SPECIES);
            for (int row = 0; row < m.rows(); row++) {
                sum = sum.add(x.load(row * cols + col));
            }
            o.store(col, sum);
        }
        for (int col = bound; col < cols; col++) {
            float sum = 0;
            for (int row = 0; row < m.rows(); row++) {
                sum += x.get(row * cols + col);
            }
            o.put(col, sum);
        }
    }

    @Override
    double sumOfSquares(INDArray m) {
        Matrix x = new Matrix(m);
        int n = (int) m.length();
        int bound = SPECIES.loopBound(n);
        // Float lanes, summed in double per vector: exact enough for a loss and a divergence check.
        double sum = 0;
        int i = 0;
        for (; i < bound; i += SPECIES.length()) {
            FloatVector v = x.load(i);
            sum += v.mul(v).reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) {
            float v = x.get(i);
            sum += v * v;
        }
        return sum;
    }

    /** Host memory of a c-ordered float32 array (a view included), addressed by element index. */
    private static final class Matrix {
        private final ByteBuffer bytes;
        private final int base;

        Matrix(INDArray array) {
            if (array.dataType() != DataType.FLOAT || array.ordering() != 'c' || array.isView() && !isContiguous(array)) {
                throw new IllegalArgumentException("vectorized kernels need contiguous c-ordered float32 arrays");
            }
            this.bytes = array.data().asNio().order(ORDER);
            this.base = (int) array.offset() * Float.BYTES;
        }

        private static boolean isContiguous(INDArray a) {
            return a.elementWiseStride() == 1;
        }

        FloatVector load(int i) {
            return FloatVector.fromByteBuffer(SPECIES, bytes, base + i * Float.BYTES, ORDER);
        }

        void store(int i, FloatVector v) {
            v.intoByteBuffer(bytes, base + i * Float.BYTES, ORDER);
        }

        float get(int i) {
            return bytes.getFloat(base + i * Float.BYTES);
        }

        void put(int i, float v) {
            bytes.putFloat(base + i * Float.BYTES, v);
        }
    }
}
