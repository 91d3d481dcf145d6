package io.ddestream.engine.dde;

import io.ddestream.engine.nn.NetworkShape;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a {@link DenoisingLearner} needs to resume: weights, their moving average, Adam's moments (first then
 * second, each laid out like the weights) and step counts. Holders treat the arrays as read-only.
 */
public record LearnerState(NetworkShape shape, INDArray parameters, INDArray averagedParameters,
                           INDArray optimizerState, long steps, long refusedSteps) {

    public LearnerState {
        if (parameters.length() != shape.parameterCount() || averagedParameters.length() != shape.parameterCount()
                || optimizerState.length() != 2 * shape.parameterCount()) {
            throw new IllegalArgumentException("learner state does not match " + shape);
        }
    }
}
