package io.ddestream.engine.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One pass of an {@link EnergyNetwork} over a batch of B rows, owning every intermediate buffer so that a
 * training step allocates nothing. Reused across steps with the same batch size; not thread-safe.
 *
 * <p>The three stages follow docs/method.md section 1, in row form (rows = samples):
 * <ol>
 *   <li>{@link #forward}: activations {@code A_l}, {@code S_l = sigmoid(A_l)}, {@code H_l}; energies.</li>
 *   <li>{@link #backward}: {@code U_l = ds/dH_l}, {@code V_l = S_l * U_l}, input gradient {@code G = ds/dx}.</li>
 *   <li>{@link #denoisingLossGradient}: the adjoint of the backward pass (double backprop), then of the
 *       forward pass, giving the parameter gradient of the denoising loss.</li>
 * </ol>
 */
public final class NetworkPass {

    private final EnergyNetwork net;
    private final int batch;
    private final int depth;
    private final ActivationKernels kernels;

    // Per layer, kept from one stage to the next.
    private final INDArray[] sig;       // S_l = sigmoid(A_l) = softplus'(A_l)
    private final INDArray[] hidden;    // H_l
    private final INDArray[] upstream;  // U_l = ds/dH_l
    private final INDArray[] scaled;    // V_l = S_l * U_l
    private final INDArray[] activationAdjoint; // adjoint of A_l from the double-backprop stage
    private final INDArray energy;      // B x 1
    private final INDArray inputGradient; // B x d

    // Scratch, B x H unless noted.
    private final INDArray upstreamAdjoint;
    private final INDArray hiddenAdjoint;
    private final INDArray scaledAdjoint;
    private final INDArray scratch;
    /** B x 1 of ones: a row broadcast as a product with it, see {@link #backward}. */
    private final INDArray ones;
    private final INDArray residual;    // B x d: sigma * G + eps
    private final INDArray gradient;    // 1 x P, laid out like the parameters
    private final EnergyNetwork.ParameterViews grad;
    private INDArray input;

    public NetworkPass(EnergyNetwork net, int batch) {
        this(net, batch, ActivationKernels.forBackend());
    }

    NetworkPass(EnergyNetwork net, int batch, ActivationKernels kernels) {
        this.net = net;
        this.batch = batch;
        this.depth = net.shape().depth();
        this.kernels = kernels;
        DataType type = net.dataType();
        int h = net.shape().width();
        int d = net.shape().inputDim();
        sig = new INDArray[depth];
        hidden = new INDArray[depth];
        upstream = new INDArray[depth];
        scaled = new INDArray[depth];
        activationAdjoint = new INDArray[depth];
        for (int l = 0; l < depth; l++) {
            sig[l] = Nd4j.create(type, batch, h);
            hidden[l] = Nd4j.create(type, batch, h);
            upstream[l] = Nd4j.create(type, batch, h);
            scaled[l] = Nd4j.create(type, batch, h);
            activationAdjoint[l] = Nd4j.create(type, batch, h);
        }
        energy = Nd4j.create(type, batch, 1);
        inputGradient = Nd4j.create(type, batch, d);
        upstreamAdjoint = Nd4j.create(type, batch, h);
        hiddenAdjoint = Nd4j.create(type, batch, h);
        scaledAdjoint = Nd4j.create(type, batch, h);
        scratch = Nd4j.create(type, batch, h);
        ones = Nd4j.ones(type, batch, 1);
        residual = Nd4j.create(type, batch, d);
        gradient = Nd4j.create(type, 1, net.shape().parameterCount());
        grad = new EnergyNetwork.ParameterViews(net.shape(), gradient);
    }

    /** Which element-wise kernels new passes use: {@code vectorized-cpu} or {@code portable-nd4j}. */
    public static String kernelsInUse() {
        return ActivationKernels.describe();
    }

    public int batchSize() {
        return batch;
    }

    /** Computes activations and energies for the rows of {@code x} (B x d), which must stay unchanged until
     * the pass is done with it. */
    public void forward(INDArray x) {
        if (x.rows() != batch || x.columns() != net.shape().inputDim()) {
            throw new IllegalArgumentException("expected a " + batch + " x " + net.shape().inputDim()
                    + " batch, got " + x.rows() + " x " + x.columns());
        }
        input = x;
        for (int l = 0; l < depth; l++) {
            INDArray below = l == 0 ? x : hidden[l - 1];
            Nd4j.gemm(below, net.weight(l), scratch, false, false, 1.0, 0.0);
            kernels.activate(scratch, net.bias(l), l == 0 ? null : below, sig[l], hidden[l]);
        }
        Nd4j.gemm(hidden[depth - 1], net.readout(), energy, false, true, 1.0, 0.0);
    }

    /** Back-propagates {@code s} to the input; needs {@link #forward} first. */
    public void backward() {
        int top = depth - 1;
        // U_top = 1 w^T, every row the readout. A product with a column of ones, not ND4J's broadcast: its
        // tensor-along-dimension cache crashed the JVM (SIGSEGV in sd::TadDescriptor) when the trainer and the
        // generator broadcast on two threads at once (docs/reliability.md); the product is exact (1 * w_j).
        Nd4j.gemm(ones, net.readout(), upstream[top], false, false, 1.0, 0.0);
        for (int l = top; l >= 0; l--) {
            sig[l].mul(upstream[l], scaled[l]);
            if (l > 0) {
                upstream[l - 1].assign(upstream[l]);
                Nd4j.gemm(scaled[l], net.weight(l), upstream[l - 1], false, true, 1.0, 1.0);
            }
        }
        Nd4j.gemm(scaled[0], net.weight(0), inputGradient, false, true, 1.0, 0.0);
    }

    /**
     * The denoising loss {@code L = (1/B) sum_b 1/2 ||sigma * grad s(x~_b) + eps_b||^2} for the noisy rows
     * given to {@link #forward} and the noise {@code eps} that made them, with its gradient with respect to
     * every parameter written into {@link #gradient()}. Needs {@link #forward} and {@link #backward} first.
     *
     * @return the loss
     */
    public double denoisingLossGradient(INDArray eps, double sigma) {
        // residual = sigma * G + eps; loss adjoint Gbar = sigma / B * residual.
        inputGradient.mul(sigma, residual).addi(eps);
        double loss = 0.5 * kernels.sumOfSquares(residual) / batch;
        INDArray gBar = residual.muli(sigma / batch);

        // Adjoint of the backward pass, going up. G = V0 W0^T.
        Nd4j.gemm(gBar, scaled[0], grad.weight(0), true, false, 1.0, 0.0);
        Nd4j.gemm(gBar, net.weight(0), scaledAdjoint, false, false, 1.0, 0.0);
        for (int l = 0; l < depth; l++) {
            if (l > 0) {
                // U(l-1) = U_l + V_l W_l^T: the skip carries the adjoint on; the product gives W_l and V_l theirs.
                Nd4j.gemm(upstreamAdjoint, scaled[l], grad.weight(l), true, false, 1.0, 0.0);
                Nd4j.gemm(upstreamAdjoint, net.weight(l), scaledAdjoint, false, false, 1.0, 0.0);
            }
            // V_l = S_l * U_l: adjoints of A_l (through S_l) and of U_l.
            kernels.sigmoidDerivativeProduct(sig[l], upstream[l], scaledAdjoint, activationAdjoint[l]);
            if (l == 0) {
                sig[0].mul(scaledAdjoint, upstreamAdjoint);
            } else {
                kernels.multiplyAdd(sig[l], scaledAdjoint, upstreamAdjoint, scratch);
            }
        }
        // U_top = 1 w^T.
        kernels.columnSums(upstreamAdjoint, grad.readout());

        // Adjoint of the forward pass, going down; s itself is not in the loss, so H_top's adjoint starts at 0.
        for (int l = depth - 1; l >= 0; l--) {
            INDArray preAdjoint = activationAdjoint[l];
            if (l < depth - 1) {
                kernels.multiplyAdd(sig[l], hiddenAdjoint, preAdjoint, scratch);
            }
            INDArray below = l == 0 ? input : hidden[l - 1];
            Nd4j.gemm(below, preAdjoint, grad.weight(l), true, false, 1.0, 1.0);
            kernels.columnSums(preAdjoint, grad.bias(l));
            if (l > 0) {
                // H_l = H(l-1) + softplus(A_l): the skip passes the adjoint down unchanged.
                Nd4j.gemm(preAdjoint, net.weight(l), hiddenAdjoint, false, true, 1.0, l < depth - 1 ? 1.0 : 0.0);
            }
        }
        return loss;
    }

    /** The parameter gradient from the last {@link #denoisingLossGradient} (1 x P, laid out like the
     * parameters; a buffer reused by the next pass, free for the caller to modify in between). */
    public INDArray gradient() {
        return gradient;
    }

    /** The Euclidean norm of {@link #gradient()} (Inf or NaN when the gradient holds either). */
    public double gradientNorm() {
        return Math.sqrt(kernels.sumOfSquares(gradient));
    }

    /** Energies from the last {@link #forward} (B x 1, a buffer reused by the next pass). */
    public INDArray energy() {
        return energy;
    }

    /** Input gradients from the last {@link #backward} (B x d, a buffer reused by the next pass). */
    public INDArray inputGradient() {
        return inputGradient;
    }
}
