package io.ddestream.engine.generator;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A quadratic wall around a {@link Support} widened by a margin: the energy {@code -k/2 dist(x, box)^2}, added to
 * the data energy where the generator's samples are judged. Inside the box it is zero; outside, its pull back
 * grows linearly with the distance and soon beats any slope a DDE has there (a softplus network's energy grows at
 * most linearly). Reuses its buffers; not thread-safe.
 */
final class SupportWall {

    private final INDArray lower;
    private final INDArray upper;
    private final double stiffness;
    private final INDArray excess;

    /**
     * @param margin    how far outside the support the wall starts, in standardized units
     * @param stiffness {@code k}, the wall's curvature
     * @param batch     rows per call of {@link #addGradient}
     */
    SupportWall(Support support, double margin, double stiffness, int batch) {
        int d = support.dimension();
        double[] lo = support.lower();
        double[] hi = support.upper();
        for (int i = 0; i < d; i++) {
            lo[i] -= margin;
            hi[i] += margin;
        }
        this.lower = Nd4j.create(lo, new long[] {1, d}, DataType.FLOAT);
        this.upper = Nd4j.create(hi, new long[] {1, d}, DataType.FLOAT);
        this.stiffness = stiffness;
        this.excess = Nd4j.create(DataType.FLOAT, batch, d);
    }

    /**
     * Adds the wall's contribution to {@code grad (s_q - s_p)} at the rows of {@code x}:
     * {@code k (x - clamp(x, lower, upper))}, which is minus the wall energy's gradient.
     */
    void addGradient(INDArray x, INDArray gradient) {
        excess.assign(x).subiRowVector(upper);
        gradient.addi(Transforms.relu(excess, false).muli(stiffness));
        excess.assign(x).rsubiRowVector(lower);
        gradient.subi(Transforms.relu(excess, false).muli(stiffness));
    }
}
