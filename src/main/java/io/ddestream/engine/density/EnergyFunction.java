package io.ddestream.engine.density;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An unnormalized log-density {@code s(z)} over the rows of a matrix: B x d points in, a B x 1 column of finite
 * energies out. {@code EnergyNetwork::energy} is one; a closed-form density is another (for tests).
 */
@FunctionalInterface
public interface EnergyFunction {

    INDArray energy(INDArray points);
}
