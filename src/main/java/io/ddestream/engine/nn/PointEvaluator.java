package io.ddestream.engine.nn;

/**
 * Evaluates a frozen {@link EnergyNetwork} on one point at a time on the host: the energy and its input gradient
 * in microseconds, where a batch of one through ND4J would pay its per-operation overhead some forty times. Made
 * for per-record scoring in stream processors; training and batch scoring use {@link NetworkPass}.
 *
 * <p>Immutable (the weights are copied at construction) and thread-safe.
 */
public abstract class PointEvaluator {

    PointEvaluator() {
    }

    /** The fastest evaluator this JVM runs: SIMD through the Vector API when present, plain Java otherwise. */
    public static PointEvaluator of(EnergyNetwork net) {
        if (VectorSupport.AVAILABLE) {
            return new VectorizedPointEvaluator(net);
        }
        return new ScalarPointEvaluator(net);
    }

    /** The plain-Java evaluator, whatever the JVM offers (a reference for tests and benchmarks). */
    public static PointEvaluator scalar(EnergyNetwork net) {
        return new ScalarPointEvaluator(net);
    }

    public abstract int inputDim();

    /**
     * The energy {@code s(z)} of one point, writing {@code grad_z s(z)} into {@code gradient} when it is not
     * null (length {@link #inputDim()}).
     */
    public final double energy(double[] z, double[] gradient) {
        if (z.length != inputDim() || gradient != null && gradient.length != inputDim()) {
            throw new IllegalArgumentException("expected points of dimension " + inputDim() + ", got " + z.length);
        }
        return evaluate(z, gradient);
    }

    abstract double evaluate(double[] z, double[] gradient);
}
