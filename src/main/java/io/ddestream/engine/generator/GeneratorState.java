package io.ddestream.engine.generator;

import io.ddestream.engine.dde.LearnerState;
import io.ddestream.engine.nn.GeneratorShape;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a {@link GeneratorLearner} needs to resume: the generator's weights, their moving average, Adam's moments
 * (first then second, each laid out like the weights), the state of its {@code s_q}, and the step counts. Holders
 * treat the arrays as read-only.
 */
public record GeneratorState(GeneratorShape shape, INDArray parameters, INDArray averagedParameters,
                             INDArray optimizerState, LearnerState sq, long steps, long refusedSteps) {

    public GeneratorState {
        long p = shape.parameterCount();
        if (parameters.length() != p || averagedParameters.length() != p || optimizerState.length() != 2 * p) {
            throw new IllegalArgumentException("generator state does not match " + shape);
        }
        if (sq.shape().inputDim() != shape.dimension()) {
            throw new IllegalArgumentException("s_q of dimension " + sq.shape().inputDim() + " for a generator of "
                    + shape.dimension());
        }
        if (steps < 0 || refusedSteps < 0) {
            throw new IllegalArgumentException("step counts must be >= 0, got " + steps + " and " + refusedSteps);
        }
    }
}
