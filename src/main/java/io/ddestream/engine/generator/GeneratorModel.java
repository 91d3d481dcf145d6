package io.ddestream.engine.generator;

import io.ddestream.engine.density.Standardizer;
import io.ddestream.engine.nn.GeneratorNetwork;
import io.ddestream.engine.nn.GeneratorPass;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Objects;

/**
 * An immutable trained generator: {@code x = destandardize(g(z))}, {@code z ~ N(0, I)}, with the feature names
 * and standardizer of the data model it was trained against, the sigma of its KL, its provenance and its final
 * {@link KlEstimate}.
 *
 * <p>Safe to share between threads: nothing in it changes after construction; each {@link Sampler} owns its
 * random stream and buffers.
 */
public final class GeneratorModel {

    /** Latent rows per forward pass: enough to amortize ND4J's per-call overhead, few enough to bound memory. */
    private static final int CHUNK_ROWS = 8192;

    private final List<String> features;
    private final Standardizer standardizer;
    private final GeneratorNetwork network;
    private final double sigma;
    private final GeneratorProvenance provenance;
    private final KlEstimate kl;

    public GeneratorModel(List<String> features, Standardizer standardizer, GeneratorNetwork network, double sigma,
                          GeneratorProvenance provenance, KlEstimate kl) {
        int d = network.shape().dimension();
        if (features.size() != d || standardizer.dimension() != d) {
            throw new IllegalArgumentException("generator parts disagree on the dimension: " + features.size()
                    + " features, standardizer of " + standardizer.dimension() + ", generator of " + d);
        }
        this.features = List.copyOf(features);
        this.standardizer = standardizer;
        this.network = network.copy();
        this.sigma = sigma;
        this.provenance = provenance;
        this.kl = kl;
    }

    /** {@code n} samples in the user's units, one row of {@link #dimension()} values each; the same seed gives
     * the same samples on the same backend. */
    public double[][] sample(int n, long seed) {
        return sampler(seed).next(n);
    }

    /** A stream of samples from one seed, for drawing many in pieces. */
    public Sampler sampler(long seed) {
        return new Sampler(Nd4j.getRandomFactory().getNewRandomInstance(seed));
    }

    /**
     * Samples whose latent points come from {@code latents}, a random stream the caller keeps: a service that
     * samples successive models of one generator continues one stream across them, and so never repeats a latent.
     */
    public Sampler sampler(Random latents) {
        return new Sampler(Objects.requireNonNull(latents, "latents"));
    }

    public int dimension() {
        return features.size();
    }

    public List<String> features() {
        return features;
    }

    public Standardizer standardizer() {
        return standardizer;
    }

    /** A copy of the generator network (float32, standardized space). */
    public GeneratorNetwork network() {
        return network.copy();
    }

    /** The noise scale, in standardized units, at which the generator's KL was minimized: the data model's. */
    public double sigma() {
        return sigma;
    }

    public GeneratorProvenance provenance() {
        return provenance;
    }

    /** The KL estimate at the end of training. */
    public KlEstimate kl() {
        return kl;
    }

    /** Draws samples from one random stream; not thread-safe (use one per thread). */
    public final class Sampler {
        private final Random rng;
        private final double[] mean;
        private final double[] std;
        private GeneratorPass pass;
        private INDArray latent;

        private Sampler(Random rng) {
            this.rng = rng;
            this.mean = standardizer.mean();
            this.std = standardizer.std();
        }

        /** The next {@code n} samples, in the user's units. */
        public double[][] next(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("cannot draw " + n + " samples");
            }
            int d = dimension();
            double[][] out = new double[n][];
            for (int start = 0; start < n; start += CHUNK_ROWS) {
                int rows = Math.min(CHUNK_ROWS, n - start);
                // One bulk copy off the tensor backend: element or row accessors cost microseconds each.
                double[] standardized = generate(rows).data().asDouble();
                for (int r = 0; r < rows; r++) {
                    double[] x = new double[d];
                    for (int i = 0; i < d; i++) {
                        x[i] = mean[i] + std[i] * standardized[r * d + i];
                    }
                    out[start + r] = x;
                }
            }
            return out;
        }

        /** {@code rows} generator outputs in standardized space, in the pass's own (contiguous) buffer. */
        private INDArray generate(int rows) {
            if (pass == null || pass.batchSize() != rows) {
                pass = new GeneratorPass(network, rows);
                latent = Nd4j.create(network.dataType(), rows, dimension());
            }
            Nd4j.getExecutioner().exec(new GaussianDistribution(latent, 0.0, 1.0), rng);
            return pass.forward(latent);
        }
    }
}
