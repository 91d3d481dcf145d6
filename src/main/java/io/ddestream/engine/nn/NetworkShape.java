package io.ddestream.engine.nn;

/**
 * The architecture of a residual softplus MLP: input dimension, hidden width and depth (number of hidden
 * layers). Layer 0 maps the input to the width; layers 1..depth-1 are residual; the output is a linear
 * read-out with no bias (the energy's additive constant is unidentifiable, so a bias would get no gradient).
 */
public record NetworkShape(int inputDim, int width, int depth) {

    public NetworkShape {
        if (inputDim < 1 || width < 1 || depth < 1) {
            throw new IllegalArgumentException(
                    "network shape needs inputDim, width and depth >= 1, got " + inputDim + ", " + width + ", " + depth);
        }
    }

    /** Total number of parameters, in the order of {@link EnergyNetwork}'s flat parameter vector. */
    public long parameterCount() {
        long first = (long) inputDim * width + width;
        long residual = (long) (depth - 1) * ((long) width * width + width);
        return first + residual + width;
    }
}
