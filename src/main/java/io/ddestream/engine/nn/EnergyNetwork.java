package io.ddestream.engine.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A residual softplus MLP energy {@code s(x)} over the rows of a matrix, with its input gradient and the
 * parameter gradient of the denoising loss by hand-derived double backprop (docs/method.md section 1).
 *
 * <p>All parameters live in one flat row vector so that the optimizer updates them with one operation and a
 * snapshot copies them with one copy; the per-layer matrices are views into it. Layout (row-major):
 * {@code W0 [d x H], b0 [H], (Wl [H x H], bl [H]) for l = 1..L-1, w [H]}.
 *
 * <p>Forward, for rows {@code X} (B x d): {@code A0 = X W0 + b0, H0 = softplus(A0)};
 * {@code Al = H(l-1) Wl + bl, Hl = H(l-1) + softplus(Al)}; {@code s = H(L-1) w}.
 *
 * <p>An instance is not thread-safe while it is being trained; {@link #copy()} gives an independent network.
 */
public final class EnergyNetwork {

    private final NetworkShape shape;
    private final INDArray parameters;
    private final INDArray[] weights;
    private final INDArray[] biases;
    private final INDArray readout;

    private EnergyNetwork(NetworkShape shape, INDArray parameters) {
        if (parameters.length() != shape.parameterCount() || !parameters.isRowVector()) {
            throw new IllegalArgumentException("expected a parameter row vector of length " + shape.parameterCount()
                    + " for " + shape + ", got shape " + java.util.Arrays.toString(parameters.shape()));
        }
        this.shape = shape;
        this.parameters = parameters;
        this.weights = new INDArray[shape.depth()];
        this.biases = new INDArray[shape.depth()];
        ParameterViews views = new ParameterViews(shape, parameters);
        for (int l = 0; l < shape.depth(); l++) {
            weights[l] = views.weight(l);
            biases[l] = views.bias(l);
        }
        this.readout = views.readout();
    }

    /**
     * A freshly initialized network: weights ~ N(0, 1/fan_in), residual branches scaled down by
     * {@code 1/sqrt(depth)} so that the residual stream stays of order one at any depth, biases zero.
     */
    public static EnergyNetwork initialize(NetworkShape shape, DataType dataType, Random rng) {
        EnergyNetwork net = new EnergyNetwork(shape, Nd4j.zeros(dataType, 1, shape.parameterCount()));
        double residualScale = 1.0 / Math.sqrt(shape.depth());
        for (int l = 0; l < shape.depth(); l++) {
            INDArray w = net.weights[l];
            gaussianFill(w, Math.sqrt(1.0 / w.rows()) * (l == 0 ? 1.0 : residualScale), rng);
        }
        gaussianFill(net.readout, Math.sqrt(1.0 / shape.width()), rng);
        return net;
    }

    /** Random numbers come from Java, not the backend: the same seed gives the same network on CPU and GPU. */
    private static void gaussianFill(INDArray target, double scale, Random rng) {
        double[] values = new double[(int) target.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = scale * rng.nextGaussian();
        }
        target.assign(Nd4j.createFromArray(values).reshape(target.shape()).castTo(target.dataType()));
    }

    /** A network over the given flat parameters (taken, not copied). */
    public static EnergyNetwork fromParameters(NetworkShape shape, INDArray parameters) {
        return new EnergyNetwork(shape, parameters);
    }

    public NetworkShape shape() {
        return shape;
    }

    public DataType dataType() {
        return parameters.dataType();
    }

    /** The flat parameter vector (a live view: changes to it change the network). */
    public INDArray parameters() {
        return parameters;
    }

    /** An independent copy with its own parameter storage. */
    public EnergyNetwork copy() {
        return new EnergyNetwork(shape, parameters.dup());
    }

    /** The same network with parameters cast to another data type (a copy). */
    public EnergyNetwork castTo(DataType dataType) {
        return new EnergyNetwork(shape, parameters.castTo(dataType).dup());
    }

    /** Named views of the parameters, in layout order, for inspection and tests. */
    public Map<String, INDArray> namedParameters() {
        Map<String, INDArray> named = new LinkedHashMap<>();
        for (int l = 0; l < shape.depth(); l++) {
            named.put("W" + l, weights[l]);
            named.put("b" + l, biases[l]);
        }
        named.put("w", readout);
        return Collections.unmodifiableMap(named);
    }

    /** Energies {@code s(x)} of the rows of {@code x}, as a column (B x 1). Allocates its own buffers. */
    public INDArray energy(INDArray x) {
        NetworkPass act = new NetworkPass(this, x.rows());
        act.forward(x);
        return act.energy().dup();
    }

    /** Input gradients {@code grad_x s(x)} of the rows of {@code x} (B x d). Allocates its own buffers. */
    public INDArray inputGradient(INDArray x) {
        NetworkPass act = new NetworkPass(this, x.rows());
        act.forward(x);
        act.backward();
        return act.inputGradient().dup();
    }

    INDArray weight(int layer) {
        return weights[layer];
    }

    INDArray bias(int layer) {
        return biases[layer];
    }

    INDArray readout() {
        return readout;
    }

    /** Views into a flat vector laid out like the parameters (used for parameters and their gradients alike). */
    static final class ParameterViews {
        private final List<INDArray> weights = new ArrayList<>();
        private final List<INDArray> biases = new ArrayList<>();
        private final INDArray readout;

        ParameterViews(NetworkShape shape, INDArray flat) {
            int d = shape.inputDim();
            int h = shape.width();
            long offset = 0;
            for (int l = 0; l < shape.depth(); l++) {
                int fanIn = l == 0 ? d : h;
                weights.add(slice(flat, offset, fanIn, h));
                offset += (long) fanIn * h;
                biases.add(slice(flat, offset, 1, h));
                offset += h;
            }
            readout = slice(flat, offset, 1, h);
        }

        private static INDArray slice(INDArray flat, long offset, int rows, int cols) {
            return flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + (long) rows * cols))
                    .reshape('c', rows, cols);
        }

        INDArray weight(int l) {
            return weights.get(l);
        }

        /** Row vector (1 x H). */
        INDArray bias(int l) {
            return biases.get(l);
        }

        /** The read-out vector {@code w} as a row (1 x H). */
        INDArray readout() {
            return readout;
        }
    }
}
