package io.ddestream.engine.density;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Estimates {@code log Z = log Integral exp(s(z)) dz} over standardized space by importance sampling
 * (docs/method.md section 2):
 *
 * <pre>
 *     log Z ~= logsumexp_i( s(z_i) - log q0(z_i) ) - log N,    z_i ~ q0
 * </pre>
 *
 * <p>with {@code log q0} the full log-density of the proposal, summed over dimensions, and nothing added (the
 * reference code averages it over dimensions and adds 1: both bias the estimate). The proposal is a
 * {@link DefensiveProposal} fitted to the standardized training data. The samples go through the energy
 * in chunks so that memory stays bounded whatever their number.
 *
 * <p>Deterministic for a seed. Stateless apart from its settings, so one estimator can serve many threads.
 */
public final class LogPartitionEstimator {

    /** Proposal samples per pass: the kernel distances then take about CHUNK_ROWS x centres doubles (32 MiB). */
    private static final int CHUNK_ROWS = 4096;

    private final Settings settings;

    public LogPartitionEstimator(Settings settings) {
        this.settings = settings;
    }

    /**
     * Estimates log Z of {@code energy} given the standardized training data (n x d) and the noise scale sigma
     * the energy was learned at. The energy receives the proposal samples in the data's data type, which should
     * therefore be the energy's own.
     */
    public LogPartition estimate(EnergyFunction energy, INDArray standardizedData, double sigma, long seed) {
        if (!standardizedData.isMatrix() || standardizedData.rows() < 1) {
            throw new IllegalArgumentException("expected standardized data as an n x d matrix with n >= 1, got shape "
                    + Arrays.toString(standardizedData.shape()));
        }
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be positive and finite, got " + sigma);
        }
        RandomGenerator rng = new SplittableRandom(seed);
        DefensiveProposal proposal = DefensiveProposal.fit(standardizedData, sigma, settings, rng);
        double[] logWeights = new double[settings.samples()];
        for (int start = 0; start < logWeights.length; start += CHUNK_ROWS) {
            int rows = Math.min(CHUNK_ROWS, logWeights.length - start);
            INDArray z = proposal.sample(rows, rng);
            double[] logProposal = proposal.logDensity(z);
            double[] energies = energies(energy, z.castTo(standardizedData.dataType()), rows);
            for (int i = 0; i < rows; i++) {
                logWeights[start + i] = energies[i] - logProposal[i];
            }
        }
        return LogPartition.fromLogWeights(logWeights, standardizedData.columns());
    }

    private static double[] energies(EnergyFunction energy, INDArray z, int rows) {
        INDArray out = energy.energy(z);
        if (out.length() != rows) {
            throw new IllegalArgumentException("the energy returned " + out.length() + " values for " + rows
                    + " points");
        }
        double[] values = out.castTo(DataType.DOUBLE).toDoubleVector();
        for (double value : values) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("the energy is not finite (" + value + ") at a proposal sample");
            }
        }
        return values;
    }

    /**
     * How to estimate.
     *
     * @param samples       proposal samples N; the standard error falls as {@code 1/sqrt(N)}
     * @param broadWeight   the broad Gaussian's share of the proposal, in (0, 1]; the rest goes to the kernels
     * @param broadWidening the factor applied to the broad Gaussian's standard deviations, {@code >= 1}
     * @param centres       the most data points used as kernel centres
     * @param kernelScale   the kernels' standard deviation in units of sigma, {@code > 0}
     */
    public record Settings(int samples, double broadWeight, double broadWidening, int centres, double kernelScale) {

        public Settings {
            if (samples < 2 || centres < 1) {
                throw new IllegalArgumentException("need samples >= 2 and centres >= 1, got " + samples + ", " + centres);
            }
            if (!(broadWeight > 0 && broadWeight <= 1)) {
                throw new IllegalArgumentException("broad weight must be in (0, 1], got " + broadWeight);
            }
            if (!(broadWidening >= 1) || !Double.isFinite(broadWidening)) {
                throw new IllegalArgumentException("broad widening must be a finite number >= 1, got " + broadWidening);
            }
            if (!(kernelScale > 0) || !Double.isFinite(kernelScale)) {
                throw new IllegalArgumentException("kernel scale must be positive and finite, got " + kernelScale);
            }
        }

        /** 20,000 samples; a fifth of them from the broad Gaussian widened by 1.2; 1,024 kernels of 1.25 sigma. */
        public static Settings defaults() {
            return new Settings(20_000, 0.2, 1.2, 1024, 1.25);
        }

        public Settings withSamples(int n) {
            return new Settings(n, broadWeight, broadWidening, centres, kernelScale);
        }
    }
}
