package io.ddestream.engine.generator;

import io.ddestream.engine.density.LogPartition;
import io.ddestream.engine.density.LogPartitionEstimator;
import io.ddestream.engine.nn.EnergyNetwork;
import io.ddestream.engine.nn.GeneratorNetwork;
import io.ddestream.engine.nn.NetworkPass;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Computes a {@link KlEstimate}: draws generator samples, smooths them with fresh noise, averages
 * {@code s_q - s_p} over them, and estimates {@code log Z_q} by importance sampling with a proposal fitted to the
 * same samples. Networks run over chunks of rows so that memory stays bounded whatever the sample count.
 */
final class KlEstimator {

    private static final int CHUNK_ROWS = 4096;

    private KlEstimator() {
    }

    static KlEstimate estimate(GeneratorNetwork generator, EnergyNetwork sq, EnergyNetwork sp, LogPartition logZp,
                               double sigma, int samples, long seed) {
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        int d = generator.shape().dimension();
        INDArray latent = Nd4j.randn(rng, new long[] {samples, d}).castTo(generator.dataType());
        INDArray x = latent.ulike();
        for (int start = 0; start < samples; start += CHUNK_ROWS) {
            int end = Math.min(start + CHUNK_ROWS, samples);
            INDArray chunk = latent.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
            x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()).assign(generator.generate(chunk));
        }
        INDArray noisy = Nd4j.randn(rng, x.shape()).castTo(x.dataType()).muli(sigma).addi(x);
        double[] gaps = energies(sq, noisy);
        double[] fromData = energies(sp, noisy);
        double sum = 0;
        double sumOfSquares = 0;
        for (int i = 0; i < samples; i++) {
            gaps[i] -= fromData[i];
            sum += gaps[i];
            sumOfSquares += gaps[i] * gaps[i];
        }
        double mean = sum / samples;
        double variance = Math.max(0, sumOfSquares - samples * mean * mean) / (samples - 1);
        LogPartition logZq = new LogPartitionEstimator(LogPartitionEstimator.Settings.defaults().withSamples(samples))
                .estimate(sq::energy, x, sigma, seed);
        double standardError = Math.sqrt(variance / samples + square(logZp.standardError())
                + square(logZq.standardError()));
        return new KlEstimate(mean + logZp.logZ() - logZq.logZ(), standardError, mean, logZp.logZ(), logZq, samples);
    }

    private static double[] energies(EnergyNetwork net, INDArray points) {
        int n = (int) points.rows();
        double[] out = new double[n];
        for (int start = 0; start < n; start += CHUNK_ROWS) {
            int rows = Math.min(CHUNK_ROWS, n - start);
            NetworkPass pass = new NetworkPass(net, rows);
            pass.forward(points.get(NDArrayIndex.interval(start, start + rows), NDArrayIndex.all()));
            System.arraycopy(pass.energy().toDoubleVector(), 0, out, start, rows);
        }
        return out;
    }

    private static double square(double v) {
        return v * v;
    }
}
