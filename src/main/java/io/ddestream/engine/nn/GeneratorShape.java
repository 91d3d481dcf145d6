package io.ddestream.engine.nn;

/**
 * The architecture of a residual softplus generator {@code g(z) = z + MLP(z)}: the data dimension (which is also
 * the latent dimension), hidden width and depth (number of hidden layers). Layer 0 maps the latent point to the
 * width, layers 1..depth-1 are residual, and a linear head with a bias maps back to the data dimension.
 */
public record GeneratorShape(int dimension, int width, int depth) {

    public GeneratorShape {
        if (dimension < 1 || width < 1 || depth < 1) {
            throw new IllegalArgumentException("generator shape needs dimension, width and depth >= 1, got "
                    + dimension + ", " + width + ", " + depth);
        }
    }

    /** Total number of parameters, in the order of {@link GeneratorNetwork}'s flat parameter vector. */
    public long parameterCount() {
        long first = (long) dimension * width + width;
        long residual = (long) (depth - 1) * ((long) width * width + width);
        long head = (long) width * dimension + dimension;
        return first + residual + head;
    }
}
