package io.ddestream.engine.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Float64 central finite differences are the authority on the hand-derived gradients: the input gradient of
 * the energy, and the parameter gradient of the denoising loss (double backprop), at several widths and depths.
 */
class NetworkPassGradientTest {

    private static final double STEP = 1e-5;
    private static final double TOLERANCE = 1e-6;

    @ParameterizedTest(name = "d={0}, width={1}, depth={2}")
    @CsvSource({"1, 1, 1", "2, 3, 1", "3, 5, 2", "2, 8, 4", "4, 6, 3", "5, 16, 5"})
    void inputGradientMatchesFiniteDifferences(int d, int width, int depth) {
        Fixture f = new Fixture(d, width, depth, 7);
        INDArray analytic = f.net.inputGradient(f.x);

        INDArray numeric = Nd4j.create(DataType.DOUBLE, f.x.rows(), d);
        for (int b = 0; b < f.x.rows(); b++) {
            for (int i = 0; i < d; i++) {
                double original = f.x.getDouble(b, i);
                f.x.putScalar(b, i, original + STEP);
                double plus = f.net.energy(f.x).getDouble(b, 0);
                f.x.putScalar(b, i, original - STEP);
                double minus = f.net.energy(f.x).getDouble(b, 0);
                f.x.putScalar(b, i, original);
                numeric.putScalar(b, i, (plus - minus) / (2 * STEP));
            }
        }
        assertThat(relativeError(analytic, numeric)).isLessThan(TOLERANCE);
    }

    @ParameterizedTest(name = "d={0}, width={1}, depth={2}")
    @CsvSource({"1, 1, 1", "2, 3, 1", "3, 5, 2", "2, 8, 4", "4, 6, 3", "5, 16, 5"})
    void everyParameterGradientOfTheDenoisingLossMatchesFiniteDifferences(int d, int width, int depth) {
        Fixture f = new Fixture(d, width, depth, 11);
        NetworkPass pass = new NetworkPass(f.net, f.x.rows());
        double sigma = 0.3;
        pass.forward(f.x);
        pass.backward();
        pass.denoisingLossGradient(f.eps, sigma);
        INDArray analytic = pass.gradient().dup();

        INDArray params = f.net.parameters();
        INDArray numeric = Nd4j.create(DataType.DOUBLE, 1, params.length());
        for (long p = 0; p < params.length(); p++) {
            double original = params.getDouble(p);
            params.putScalar(p, original + STEP);
            double plus = loss(f, sigma);
            params.putScalar(p, original - STEP);
            double minus = loss(f, sigma);
            params.putScalar(p, original);
            numeric.putScalar(p, (plus - minus) / (2 * STEP));
        }
        // Per parameter block too, so a small block (a bias, the read-out) cannot hide behind a large one.
        assertThat(relativeError(analytic, numeric)).isLessThan(TOLERANCE);
        EnergyNetwork.ParameterViews a = new EnergyNetwork.ParameterViews(f.net.shape(), analytic);
        EnergyNetwork.ParameterViews n = new EnergyNetwork.ParameterViews(f.net.shape(), numeric);
        for (int l = 0; l < depth; l++) {
            assertThat(relativeError(a.weight(l), n.weight(l))).as("W%d", l).isLessThan(TOLERANCE);
            assertThat(relativeError(a.bias(l), n.bias(l))).as("b%d", l).isLessThan(TOLERANCE);
        }
        assertThat(relativeError(a.readout(), n.readout())).as("w").isLessThan(TOLERANCE);
    }

    private static double loss(Fixture f, double sigma) {
        NetworkPass pass = new NetworkPass(f.net, f.x.rows());
        pass.forward(f.x);
        pass.backward();
        return pass.denoisingLossGradient(f.eps, sigma);
    }

    private static double relativeError(INDArray analytic, INDArray numeric) {
        double diff = analytic.sub(numeric).norm2Number().doubleValue();
        double scale = Math.max(analytic.norm2Number().doubleValue(), numeric.norm2Number().doubleValue());
        return diff / Math.max(scale, 1e-12);
    }

    /** A float64 network with weights large enough that every softplus works in its curved region. */
    private static final class Fixture {
        final EnergyNetwork net;
        final INDArray x;
        final INDArray eps;

        Fixture(int d, int width, int depth, long seed) {
            Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
            net = EnergyNetwork.initialize(new NetworkShape(d, width, depth), DataType.DOUBLE, new java.util.Random(seed));
            net.parameters().addi(Nd4j.randn(rng, net.parameters().shape()).castTo(DataType.DOUBLE).muli(0.5));
            x = Nd4j.randn(rng, new long[] {6, d}).castTo(DataType.DOUBLE);
            eps = Nd4j.randn(rng, new long[] {6, d}).castTo(DataType.DOUBLE);
        }
    }
}
