package io.ddestream.engine.nn;

/**
 * {@link PointEvaluator} in plain Java doubles: works on any JVM; the reference for the vectorized one.
 */
final class ScalarPointEvaluator extends PointEvaluator {

    private final int inputDim;
    private final int width;
    private final int depth;
    private final double[][] weights; // layer l: fanIn x width, row-major
    private final double[][] biases;
    private final double[] readout;

    ScalarPointEvaluator(EnergyNetwork net) {
        NetworkShape shape = net.shape();
        this.inputDim = shape.inputDim();
        this.width = shape.width();
        this.depth = shape.depth();
        this.weights = new double[depth][];
        this.biases = new double[depth][];
        for (int l = 0; l < depth; l++) {
            weights[l] = net.weight(l).dup().data().asDouble();
            biases[l] = net.bias(l).dup().data().asDouble();
        }
        this.readout = net.readout().dup().data().asDouble();
    }

    @Override
    public int inputDim() {
        return inputDim;
    }

    @Override
    double evaluate(double[] z, double[] gradient) {
        double[][] sig = new double[depth][width];
        double[] hidden = new double[width];
        double[] next = new double[width];
        for (int l = 0; l < depth; l++) {
            double[] below = l == 0 ? z : hidden;
            double[] w = weights[l];
            System.arraycopy(biases[l], 0, next, 0, width);
            for (int i = 0; i < below.length; i++) {
                double x = below[i];
                int row = i * width;
                for (int j = 0; j < width; j++) {
                    next[j] += x * w[row + j];
                }
            }
            for (int j = 0; j < width; j++) {
                double a = next[j];
                double e = Math.exp(-Math.abs(a));
                sig[l][j] = a >= 0 ? 1 / (1 + e) : e / (1 + e);
                // log(1 + e), not log1p(e): the JIT makes log an intrinsic, while log1p (several times slower)
                // would only add accuracy below 1e-16 in absolute terms, where softplus is e or a + e anyway.
                double softplus = Math.max(a, 0) + Math.log(1 + e);
                next[j] = l == 0 ? softplus : hidden[j] + softplus;
            }
            double[] swap = hidden;
            hidden = next;
            next = swap;
        }
        double energy = 0;
        for (int j = 0; j < width; j++) {
            energy += hidden[j] * readout[j];
        }
        if (gradient != null) {
            backward(sig, gradient);
        }
        return energy;
    }

    /** Input gradient: {@code u = w}; {@code v = S_l * u}; {@code u <- u + W_l v} (skip) down to the input. */
    private void backward(double[][] sig, double[] gradient) {
        double[] upstream = readout.clone();
        double[] scaled = new double[width];
        for (int l = depth - 1; l >= 0; l--) {
            for (int j = 0; j < width; j++) {
                scaled[j] = sig[l][j] * upstream[j];
            }
            double[] w = weights[l];
            double[] out = l == 0 ? gradient : upstream;
            int fanIn = l == 0 ? inputDim : width;
            for (int i = 0; i < fanIn; i++) {
                double sum = dot(w, i * width, scaled);
                out[i] = l == 0 ? sum : out[i] + sum;
            }
        }
    }

    /**
     * {@code sum_j w[offset + j] * v[j]} over {@code v}'s length, with four independent partial sums: a single
     * running sum makes every addition wait for the previous one, and this loop dominated a point's scoring.
     */
    private static double dot(double[] w, int offset, double[] v) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int n = v.length;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += w[offset + j] * v[j];
            s1 += w[offset + j + 1] * v[j + 1];
            s2 += w[offset + j + 2] * v[j + 2];
            s3 += w[offset + j + 3] * v[j + 3];
        }
        for (; j < n; j++) {
            s0 += w[offset + j] * v[j];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
