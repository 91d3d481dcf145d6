package io.ddestream.engine.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One pass of a {@link GeneratorNetwork} over a batch of B latent rows, owning every intermediate buffer so
 * that a training step allocates nothing. Reused across steps with the same batch size; not thread-safe.
 *
 * <p>{@link #forward} computes {@code X = g(Z)}; {@link #backward} takes an external gradient {@code Xbar =
 * dL/dX} (for the generator, the gradient of the KL estimate reaching its output) and back-propagates it to
 * every parameter, first order only:
 *
 * <pre>
 *     Wout_bar = H(L-1)^T Xbar,  bout_bar = 1^T Xbar,  H(L-1)_bar = Xbar Wout^T
 *     for l = L-1..0:  Al_bar = S_l * Hl_bar,  Wl_bar = H(l-1)^T Al_bar,  bl_bar = 1^T Al_bar,
 *                      H(l-1)_bar = Hl_bar + Al_bar Wl^T     (the skip passes the adjoint down; H(-1) = Z)
 * </pre>
 * with {@code S_l = sigmoid(A_l)}, the derivative of the (shifted) softplus.
 */
public final class GeneratorPass {

    private static final double LOG_2 = Math.log(2);

    private final GeneratorNetwork net;
    private final int batch;
    private final int depth;
    private final ActivationKernels kernels;

    private final INDArray[] sig;      // S_l = sigmoid(A_l)
    private final INDArray[] hidden;   // H_l
    private final INDArray output;     // B x d
    private final INDArray scratch;    // B x H: pre-activations
    private final INDArray hiddenAdjoint;     // B x H
    private final INDArray activationAdjoint; // B x H
    private final INDArray ones;       // B x 1: the head's bias added as a product, not a broadcast (NetworkPass)
    private final INDArray gradient;   // 1 x P, laid out like the parameters
    private final GeneratorNetwork.Layout grad;
    private INDArray input;

    public GeneratorPass(GeneratorNetwork net, int batch) {
        this(net, batch, ActivationKernels.forBackend());
    }

    GeneratorPass(GeneratorNetwork net, int batch, ActivationKernels kernels) {
        this.net = net;
        this.batch = batch;
        this.depth = net.shape().depth();
        this.kernels = kernels;
        DataType type = net.dataType();
        int h = net.shape().width();
        sig = new INDArray[depth];
        hidden = new INDArray[depth];
        for (int l = 0; l < depth; l++) {
            sig[l] = Nd4j.create(type, batch, h);
            hidden[l] = Nd4j.create(type, batch, h);
        }
        output = Nd4j.create(type, batch, net.shape().dimension());
        scratch = Nd4j.create(type, batch, h);
        hiddenAdjoint = Nd4j.create(type, batch, h);
        activationAdjoint = Nd4j.create(type, batch, h);
        ones = Nd4j.ones(type, batch, 1);
        gradient = Nd4j.create(type, 1, net.shape().parameterCount());
        grad = new GeneratorNetwork.Layout(net.shape(), gradient);
    }

    public int batchSize() {
        return batch;
    }

    /**
     * Computes {@code g(z)} for the rows of {@code z} (B x d), which must stay unchanged until the pass is done
     * with it.
     *
     * @return the outputs (B x d, a buffer reused by the next pass)
     */
    public INDArray forward(INDArray z) {
        checkBatch(z, "latent");
        input = z;
        GeneratorNetwork.Layout p = net.layout();
        for (int l = 0; l < depth; l++) {
            INDArray below = l == 0 ? z : hidden[l - 1];
            Nd4j.gemm(below, p.weight(l), scratch, false, false, 1.0, 0.0);
            kernels.activate(scratch, p.bias(l), l == 0 ? null : below, sig[l], hidden[l]);
            hidden[l].subi(LOG_2); // the shifted softplus: see GeneratorNetwork
        }
        output.assign(z);
        Nd4j.gemm(hidden[depth - 1], p.headWeight(), output, false, false, 1.0, 1.0);
        Nd4j.gemm(ones, p.headBias(), output, false, false, 1.0, 1.0);
        return output;
    }

    /**
     * Back-propagates {@code outputGradient = dL/dX} (B x d, c-ordered) to the parameters, writing
     * {@code dL/dtheta} into {@link #gradient()}. Needs {@link #forward} first.
     */
    public void backward(INDArray outputGradient) {
        checkBatch(outputGradient, "output gradient");
        GeneratorNetwork.Layout p = net.layout();
        int top = depth - 1;
        Nd4j.gemm(hidden[top], outputGradient, grad.headWeight(), true, false, 1.0, 0.0);
        kernels.columnSums(outputGradient, grad.headBias());
        Nd4j.gemm(outputGradient, p.headWeight(), hiddenAdjoint, false, true, 1.0, 0.0);
        for (int l = top; l >= 0; l--) {
            sig[l].mul(hiddenAdjoint, activationAdjoint);
            INDArray below = l == 0 ? input : hidden[l - 1];
            Nd4j.gemm(below, activationAdjoint, grad.weight(l), true, false, 1.0, 0.0);
            kernels.columnSums(activationAdjoint, grad.bias(l));
            if (l > 0) {
                Nd4j.gemm(activationAdjoint, p.weight(l), hiddenAdjoint, false, true, 1.0, 1.0);
            }
        }
    }

    /** The outputs from the last {@link #forward} (B x d, a buffer reused by the next pass). */
    public INDArray output() {
        return output;
    }

    /** The parameter gradient from the last {@link #backward} (1 x P, laid out like the parameters; a buffer
     * reused by the next pass, free for the caller to modify in between). */
    public INDArray gradient() {
        return gradient;
    }

    /** The Euclidean norm of {@link #gradient()} (Inf or NaN when the gradient holds either). */
    public double gradientNorm() {
        return Math.sqrt(kernels.sumOfSquares(gradient));
    }

    private void checkBatch(INDArray m, String what) {
        if (m.rows() != batch || m.columns() != net.shape().dimension()) {
            throw new IllegalArgumentException("expected a " + batch + " x " + net.shape().dimension() + " " + what
                    + " batch, got " + m.rows() + " x " + m.columns());
        }
    }
}
