package io.ddestream.engine.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

/**
 * A residual softplus generator {@code g(z) = z + MLP(z)} over the rows of a matrix (docs/method.md section 3):
 * latent points in, data points (standardized) out, of the same dimension.
 *
 * <p>Forward, for rows {@code Z} (B x d): {@code A0 = Z W0 + b0, H0 = ssp(A0)};
 * {@code Al = H(l-1) Wl + bl, Hl = H(l-1) + ssp(Al)}; {@code X = Z + H(L-1) Wout + bout}, with the shifted
 * softplus {@code ssp(a) = softplus(a) - log 2}, which is 0 at 0.
 *
 * <p>Why shifted: with plain softplus every hidden feature is positive, so the gradients of all of a head row's
 * weights share a sign, and Adam, which scales each parameter's step to about its learning rate, moves them
 * together: the output's mean shifts by about {@code width * mean(h) * lr} per step on noise alone. On 8
 * gaussians that made the whole sample drift by half a standard deviation within a few hundred steps; centred
 * features removed the drift (zero-mean inputs to every layer, as in LeCun et al., "Efficient BackProp").
 *
 * <p>All parameters live in one flat row vector, as in {@link EnergyNetwork}. Layout (row-major):
 * {@code W0 [d x H], b0 [H], (Wl [H x H], bl [H]) for l = 1..L-1, Wout [H x d], bout [d]}.
 *
 * <p>An instance is not thread-safe while it is being trained; {@link #copy()} gives an independent network.
 */
public final class GeneratorNetwork {

    private final GeneratorShape shape;
    private final INDArray parameters;
    private final Layout layout;

    private GeneratorNetwork(GeneratorShape shape, INDArray parameters) {
        if (parameters.length() != shape.parameterCount() || !parameters.isRowVector()) {
            throw new IllegalArgumentException("expected a parameter row vector of length " + shape.parameterCount()
                    + " for " + shape + ", got shape " + Arrays.toString(parameters.shape()));
        }
        this.shape = shape;
        this.parameters = parameters;
        this.layout = new Layout(shape, parameters);
    }

    /**
     * A freshly initialized generator that is exactly the identity: hidden weights ~ N(0, 1/fan_in) (residual
     * branches scaled by {@code 1/sqrt(depth)}), biases zero, and a zero head, so that training starts from
     * {@code g(z) = z}, a standard normal in standardized space.
     */
    public static GeneratorNetwork initialize(GeneratorShape shape, DataType dataType, Random rng) {
        GeneratorNetwork net = new GeneratorNetwork(shape, Nd4j.zeros(dataType, 1, shape.parameterCount()));
        double residualScale = 1.0 / Math.sqrt(shape.depth());
        for (int l = 0; l < shape.depth(); l++) {
            INDArray w = net.layout.weight(l);
            double scale = Math.sqrt(1.0 / w.rows()) * (l == 0 ? 1.0 : residualScale);
            w.assign(Nd4j.randn(rng, w.shape()).castTo(dataType).muli(scale));
        }
        return net;
    }

    /** A generator over the given flat parameters (taken, not copied). */
    public static GeneratorNetwork fromParameters(GeneratorShape shape, INDArray parameters) {
        return new GeneratorNetwork(shape, parameters);
    }

    public GeneratorShape shape() {
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
    public GeneratorNetwork copy() {
        return new GeneratorNetwork(shape, parameters.dup());
    }

    /** The outputs {@code g(z)} of the rows of {@code z} (B x d). Allocates its own buffers. */
    public INDArray generate(INDArray z) {
        return new GeneratorPass(this, z.rows()).forward(z).dup();
    }

    Layout layout() {
        return layout;
    }

    /** Views into a flat vector laid out like the parameters (used for parameters and their gradients alike). */
    static final class Layout {
        private final INDArray[] weights;
        private final INDArray[] biases;
        private final INDArray headWeight;
        private final INDArray headBias;

        Layout(GeneratorShape shape, INDArray flat) {
            int d = shape.dimension();
            int h = shape.width();
            weights = new INDArray[shape.depth()];
            biases = new INDArray[shape.depth()];
            long offset = 0;
            for (int l = 0; l < shape.depth(); l++) {
                int fanIn = l == 0 ? d : h;
                weights[l] = slice(flat, offset, fanIn, h);
                offset += (long) fanIn * h;
                biases[l] = slice(flat, offset, 1, h);
                offset += h;
            }
            headWeight = slice(flat, offset, h, d);
            offset += (long) h * d;
            headBias = slice(flat, offset, 1, d);
        }

        private static INDArray slice(INDArray flat, long offset, int rows, int cols) {
            return flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + (long) rows * cols))
                    .reshape('c', rows, cols);
        }

        /** {@code W_l}: d x H for layer 0, H x H above. */
        INDArray weight(int l) {
            return weights[l];
        }

        /** {@code b_l} as a row (1 x H). */
        INDArray bias(int l) {
            return biases[l];
        }

        /** {@code Wout} (H x d). */
        INDArray headWeight() {
            return headWeight;
        }

        /** {@code bout} as a row (1 x d). */
        INDArray headBias() {
            return headBias;
        }
    }
}
