package io.ddestream.engine.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log1p;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The element-wise work of a {@link NetworkPass}, as a few fused operations: the only place where
 * transcendental functions are evaluated. This portable implementation composes ND4J operations and runs on
 * any backend (CUDA included). On the CPU backend, {@link #forBackend()} picks {@link VectorizedKernels},
 * which does each fused operation in one pass over memory: each ND4J call costs 10-40 microseconds of fixed
 * overhead, and ND4J's sigmoid and softplus are scalar loops.
 *
 * <p>All matrices are B x H, c-ordered; {@code bias} is a 1 x H row.
 */
class ActivationKernels {

    private static final Logger LOG = LoggerFactory.getLogger(ActivationKernels.class);
    /** System property: {@code portable} forces the portable kernels (a baseline, or an escape hatch). */
    static final String CHOICE_PROPERTY = "dde.kernels";
    private static final ActivationKernels PORTABLE = new ActivationKernels();

    /**
     * The choice, made when first needed rather than in this class's initializer: the Vector API probe
     * initializes a subclass of this class, and when the probe ran first (a scorer restoring a model before any
     * training) it found the choice half-made and the kernels fell back to the portable ones for good.
     */
    private static final class Fastest {
        static final ActivationKernels KERNELS = choose();
    }

    /**
     * The fastest kernels that work on the current backend for float32, unless the {@value #CHOICE_PROPERTY}
     * system property says {@code portable}.
     */
    static ActivationKernels forBackend() {
        return "portable".equals(System.getProperty(CHOICE_PROPERTY)) ? PORTABLE : Fastest.KERNELS;
    }

    /** A short name of the kernels {@link #forBackend()} picks, for benchmark reports. */
    static String describe() {
        return forBackend() == PORTABLE ? "portable-nd4j" : "vectorized-cpu";
    }

    static ActivationKernels portable() {
        return PORTABLE;
    }

    private static ActivationKernels choose() {
        // The backend is asked, not named: the CPU backend's classes are absent from a -Pcuda build.
        if (!Nd4j.getEnvironment().isCPU()) {
            return PORTABLE;
        }
        if (!VectorSupport.AVAILABLE) {
            LOG.info("the Vector API is unavailable (run java with --add-modules jdk.incubator.vector, as bin/dde "
                    + "does); using the slower portable ND4J kernels");
            return PORTABLE;
        }
        return new DataTypeDispatch(VectorizedKernels.create(), PORTABLE);
    }

    /**
     * {@code a = pre + bias}; {@code sig = sigmoid(a)}; {@code out = softplus(a) + skip} (no skip when null).
     * {@code pre} may be overwritten.
     */
    void activate(INDArray pre, INDArray bias, INDArray skip, INDArray sig, INDArray out) {
        pre.addiRowVector(bias);
        Nd4j.getExecutioner().exec(new Sigmoid(pre, sig));
        // softplus(a) = max(a, 0) + log1p(exp(-|a|)): ND4J's own SoftPlus overflows to Inf for a > ~88 in float32.
        Nd4j.getExecutioner().exec(new Abs(pre, out));
        Nd4j.getExecutioner().exec(new Exp(out.negi(), out));
        Nd4j.getExecutioner().exec(new Log1p(out, out));
        Nd4j.getExecutioner().exec(new RectifiedLinear(pre, pre, 0.0));
        out.addi(pre);
        if (skip != null) {
            out.addi(skip);
        }
    }

    /** {@code out = sig * (1 - sig) * a * b}. */
    void sigmoidDerivativeProduct(INDArray sig, INDArray a, INDArray b, INDArray out) {
        sig.rsub(1.0, out).muli(sig).muli(a).muli(b);
    }

    /** {@code acc += a * b}; {@code scratch} is a buffer of the same shape that may be overwritten. */
    void multiplyAdd(INDArray a, INDArray b, INDArray acc, INDArray scratch) {
        acc.addi(a.mul(b, scratch));
    }

    /** {@code out (1 x H) = sum over rows of m}. */
    void columnSums(INDArray m, INDArray out) {
        m.sum(out, 0);
    }

    /** The sum of the squares of all elements (in double; Inf or NaN when any element is). */
    double sumOfSquares(INDArray m) {
        double norm = m.norm2Number().doubleValue();
        return norm * norm;
    }

    /** Routes float32 arrays to the fast kernels and everything else (float64 checks) to the portable ones. */
    private static final class DataTypeDispatch extends ActivationKernels {
        private final ActivationKernels float32;
        private final ActivationKernels other;

        DataTypeDispatch(ActivationKernels float32, ActivationKernels other) {
            this.float32 = float32;
            this.other = other;
        }

        private ActivationKernels pick(INDArray a) {
            return a.dataType() == DataType.FLOAT ? float32 : other;
        }

        @Override
        void activate(INDArray pre, INDArray bias, INDArray skip, INDArray sig, INDArray out) {
            pick(pre).activate(pre, bias, skip, sig, out);
        }

        @Override
        void sigmoidDerivativeProduct(INDArray sig, INDArray a, INDArray b, INDArray out) {
            pick(sig).sigmoidDerivativeProduct(sig, a, b, out);
        }

        @Override
        void multiplyAdd(INDArray a, INDArray b, INDArray acc, INDArray scratch) {
            pick(a).multiplyAdd(a, b, acc, scratch);
        }

        @Override
        void columnSums(INDArray m, INDArray out) {
            pick(m).columnSums(m, out);
        }

        @Override
        double sumOfSquares(INDArray m) {
            return pick(m).sumOfSquares(m);
        }
    }
}
