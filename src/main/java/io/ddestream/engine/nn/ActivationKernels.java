package io.ddestream.engine.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.SoftPlus;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The element-wise work of a {@link NetworkPass}: the only place where transcendental functions are evaluated.
 * The portable implementation composes ND4J operations and runs on any backend.
 */
class ActivationKernels {

    static ActivationKernels forBackend() {
        return new ActivationKernels();
    }

    /** {@code sig = sigmoid(pre)}, {@code softplus = log(1 + exp(pre))}; {@code pre} is left unchanged. */
    void sigmoidAndSoftplus(INDArray pre, INDArray sig, INDArray softplus) {
        Nd4j.getExecutioner().exec(new Sigmoid(pre, sig));
        Nd4j.getExecutioner().exec(new SoftPlus(pre, softplus));
    }

    /**
     * {@code out = sig * (1 - sig) * upstream * scaledAdjoint}: the adjoint of the pre-activation through
     * {@code V = sigmoid(A) * U}.
     */
    void sigmoidDerivativeProduct(INDArray sig, INDArray upstream, INDArray scaledAdjoint, INDArray out) {
        sig.rsub(1.0, out).muli(sig).muli(upstream).muli(scaledAdjoint);
    }
}
