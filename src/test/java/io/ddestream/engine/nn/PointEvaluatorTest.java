package io.ddestream.engine.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The per-point evaluators agree with the batched ND4J pass (itself checked against finite differences). */
class PointEvaluatorTest {

    @ParameterizedTest(name = "d={0}, width={1}, depth={2}")
    @CsvSource({"1, 1, 1", "2, 8, 3", "6, 64, 4", "21, 17, 2"})
    void energyAndInputGradientMatchTheBatchedPass(int d, int width, int depth) {
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(d * 100L + width);
        EnergyNetwork net = EnergyNetwork.initialize(new NetworkShape(d, width, depth), DataType.DOUBLE, new java.util.Random(d * 100L + width));
        INDArray x = Nd4j.randn(rng, new long[] {5, d}).castTo(DataType.DOUBLE).muli(2);
        INDArray energy = net.energy(x);
        INDArray gradient = net.inputGradient(x);

        // The scalar evaluator works in float64 like the network here; the vectorized one in float32.
        assertAgrees(PointEvaluator.scalar(net), x, energy, gradient, 1e-9);
        assertAgrees(new VectorizedPointEvaluator(net), x, energy, gradient, 2e-5);
    }

    private static void assertAgrees(PointEvaluator point, INDArray x, INDArray energy, INDArray gradient,
                                     double relative) {
        double energyScale = Math.max(1, energy.norm2Number().doubleValue());
        double gradientScale = Math.max(1, gradient.norm2Number().doubleValue());
        for (int b = 0; b < x.rows(); b++) {
            double[] g = new double[(int) x.columns()];
            double e = point.energy(x.getRow(b).toDoubleVector(), g);
            assertThat(e).isCloseTo(energy.getDouble(b, 0), within(relative * energyScale));
            assertThat(g).containsExactly(gradient.getRow(b).toDoubleVector(), within(relative * gradientScale));
        }
    }

    @org.junit.jupiter.api.Test
    void shouldFallBackToFloat64WhereFloat32Overflows() {
        EnergyNetwork net = EnergyNetwork.initialize(new NetworkShape(2, 32, 3), DataType.FLOAT, new java.util.Random(4));
        double[] far = {1e300, -1e300}; // Infinity once cast to float32
        double[] fast = new double[2];
        double[] exact = new double[2];
        double energy = PointEvaluator.of(net).energy(far, fast);
        assertThat(energy).isFinite().isEqualTo(PointEvaluator.scalar(net).energy(far, exact));
        assertThat(fast).containsExactly(exact);
    }
}
