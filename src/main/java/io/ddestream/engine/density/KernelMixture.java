package io.ddestream.engine.density;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The main component of the proposal: an equal-weight mixture of isotropic Gaussians {@code N(c_k, h^2 I)} on
 * centres drawn from the data. The learned density is the data smoothed by {@code N(0, sigma^2 I)}, a kernel
 * density estimate of bandwidth sigma, so with {@code h} a little above sigma this follows it closely in any
 * dimension. Points are rows, in float64: squared distances come from {@code |z|^2 + |c|^2 - 2 z.c}, which loses
 * too much to cancellation in float32 when the kernel is narrow.
 */
final class KernelMixture {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final double[] centres;
    private final INDArray centreMatrix;
    private final INDArray centreHalfNorms;
    private final int count;
    private final int dimension;
    private final double bandwidth;
    private final double logNormalizer;

    private KernelMixture(INDArray centreMatrix, double bandwidth) {
        this.centreMatrix = centreMatrix;
        this.centres = centreMatrix.ravel().toDoubleVector();
        this.centreHalfNorms = centreMatrix.mul(centreMatrix).sum(true, 1).reshape(1, centreMatrix.rows())
                .muli(-0.5 / (bandwidth * bandwidth));
        this.count = centreMatrix.rows();
        this.dimension = centreMatrix.columns();
        this.bandwidth = bandwidth;
        // Log of the kernel's normalizer times the component weight 1/M.
        this.logNormalizer = -0.5 * dimension * (LOG_2PI + 2 * Math.log(bandwidth)) - Math.log(count);
    }

    /** Kernels of the given bandwidth on up to {@code maxCentres} distinct rows of {@code data} (n x d). */
    static KernelMixture onRandomRows(INDArray data, int maxCentres, double bandwidth, RandomGenerator rng) {
        int n = data.rows();
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        int m = Math.min(n, maxCentres);
        // A partial Fisher-Yates shuffle: the first m entries become a uniform sample without replacement.
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(n - i);
            int swap = rows[i];
            rows[i] = rows[j];
            rows[j] = swap;
        }
        return new KernelMixture(data.getRows(Arrays.copyOf(rows, m)).castTo(DataType.DOUBLE), bandwidth);
    }

    /** Writes one draw, a uniformly chosen centre plus {@code N(0, h^2 I)}, into {@code out[offset .. offset + d)}. */
    void draw(RandomGenerator rng, double[] out, int offset) {
        int centre = rng.nextInt(count) * dimension;
        for (int i = 0; i < dimension; i++) {
            out[offset + i] = centres[centre + i] + bandwidth * rng.nextGaussian();
        }
    }

    /** Log-densities of the rows of {@code z} (B x d) as a B x 1 column, by a logsumexp over the centres. */
    INDArray logDensity(INDArray z) {
        // Broadcasts and reductions along a dimension go through ND4J's tensor-along-dimension cache, which crashed
        // the JVM when two threads (the trainer publishing, the generator estimating its KL) built entries at once
        // (docs/reliability.md): one estimate at a time in the process. It runs once per published model or KL
        // estimate, so the wait is short and rare.
        synchronized (KernelMixture.class) {
            return logDensityAlone(z);
        }
    }

    private INDArray logDensityAlone(INDArray z) {
        // Logits -|z - c|^2 / (2 h^2) for every (sample, centre) pair, B x M, expanded as
        // z.c / h^2 - |z|^2 / (2 h^2) - |c|^2 / (2 h^2) so that the bulk of the work is one matrix product.
        double precision = 1 / (bandwidth * bandwidth);
        INDArray logits = Nd4j.gemm(z, centreMatrix, Nd4j.create(DataType.DOUBLE, z.rows(), count), false, true,
                precision, 0);
        logits.addiColumnVector(z.mul(z).sum(true, 1).muli(-0.5 * precision)).addiRowVector(centreHalfNorms);
        // Rounding can leave the squared distance from a point to a nearby centre slightly negative.
        Transforms.min(logits, 0.0, false);
        INDArray rowMax = logits.max(true, 1);
        Transforms.exp(logits.subiColumnVector(rowMax), false);
        return Transforms.log(logits.sum(true, 1), false).addi(rowMax).addi(logNormalizer);
    }
}
