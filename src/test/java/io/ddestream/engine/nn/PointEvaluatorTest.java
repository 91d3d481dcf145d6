package io.ddestream.engine.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The per-point evaluator agrees with the batched ND4J pass (itself checked against finite differences). */
class PointEvaluatorTest {

    @ParameterizedTest(name = "d={0}, width={1}, depth={2}")
    @CsvSource({"1, 1, 1", "2, 8, 3", "6, 64, 4", "21, 17, 2"})
    void energyAndInputGradientMatchTheBatchedPass(int d, int width, int depth) {
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(d * 100L + width);
        EnergyNetwork net = EnergyNetwork.initialize(new NetworkShape(d, width, depth), DataType.DOUBLE, new java.util.Random(d * 100L + width));
        INDArray x = Nd4j.randn(rng, new long[] {5, d}).castTo(DataType.DOUBLE).muli(2);
        INDArray energy = net.energy(x);
        INDArray gradient = net.inputGradient(x);

        PointEvaluator point = new PointEvaluator(net);
        for (int b = 0; b < 5; b++) {
            double[] g = new double[d];
            double e = point.energy(x.getRow(b).toDoubleVector(), g);
            assertThat(e).isCloseTo(energy.getDouble(b, 0), within(1e-9));
            assertThat(g).containsExactly(gradient.getRow(b).toDoubleVector(), within(1e-9));
        }
    }
}
