package io.ddestream.engine.nn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Float64 central finite differences are the authority on the generator's back-propagation: for a fixed
 * external output gradient R, {@link GeneratorPass#backward} must give the parameter gradient of
 * {@code L = sum(R * g(Z))}.
 */
class GeneratorPassGradientTest {

    private static final double STEP = 1e-5;
    private static final double TOLERANCE = 1e-6;

    @ParameterizedTest(name = "d={0}, width={1}, depth={2}")
    @CsvSource({"1, 1, 1", "2, 3, 1", "3, 5, 2", "2, 8, 4", "6, 7, 3"})
    void everyParameterGradientMatchesFiniteDifferences(int d, int width, int depth) {
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(13);
        GeneratorNetwork net = GeneratorNetwork.initialize(new GeneratorShape(d, width, depth), DataType.DOUBLE, rng);
        // Perturb every parameter (the head starts at zero) so that each block and softplus curve takes part.
        net.parameters().addi(Nd4j.randn(rng, net.parameters().shape()).castTo(DataType.DOUBLE).muli(0.5));
        INDArray z = Nd4j.randn(rng, new long[] {6, d}).castTo(DataType.DOUBLE);
        INDArray outputGradient = Nd4j.randn(rng, new long[] {6, d}).castTo(DataType.DOUBLE);

        GeneratorPass pass = new GeneratorPass(net, z.rows());
        pass.forward(z);
        pass.backward(outputGradient);
        INDArray analytic = pass.gradient().dup();

        INDArray params = net.parameters();
        INDArray numeric = Nd4j.create(DataType.DOUBLE, 1, params.length());
        for (long p = 0; p < params.length(); p++) {
            double original = params.getDouble(p);
            params.putScalar(p, original + STEP);
            double plus = loss(net, z, outputGradient);
            params.putScalar(p, original - STEP);
            double minus = loss(net, z, outputGradient);
            params.putScalar(p, original);
            numeric.putScalar(p, (plus - minus) / (2 * STEP));
        }
        assertThat(relativeError(analytic, numeric)).isLessThan(TOLERANCE);
        // Per parameter block too, so a small block (a bias, the head) cannot hide behind a large one.
        GeneratorNetwork.Layout a = new GeneratorNetwork.Layout(net.shape(), analytic);
        GeneratorNetwork.Layout n = new GeneratorNetwork.Layout(net.shape(), numeric);
        for (int l = 0; l < depth; l++) {
            assertThat(relativeError(a.weight(l), n.weight(l))).as("W%d", l).isLessThan(TOLERANCE);
            assertThat(relativeError(a.bias(l), n.bias(l))).as("b%d", l).isLessThan(TOLERANCE);
        }
        assertThat(relativeError(a.headWeight(), n.headWeight())).as("Wout").isLessThan(TOLERANCE);
        assertThat(relativeError(a.headBias(), n.headBias())).as("bout").isLessThan(TOLERANCE);
    }

    @Test
    void aFreshGeneratorIsTheIdentity() {
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(5);
        GeneratorNetwork net = GeneratorNetwork.initialize(new GeneratorShape(3, 16, 3), DataType.FLOAT, rng);
        INDArray z = Nd4j.randn(rng, new long[] {10, 3}).castTo(DataType.FLOAT);

        assertThat(net.generate(z)).isEqualTo(z);
    }

    @Test
    void theOutputIsTheLatentPointPlusAShiftedSoftplusBranch() {
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(9);
        GeneratorNetwork net = GeneratorNetwork.initialize(new GeneratorShape(2, 4, 1), DataType.DOUBLE, rng);
        net.parameters().addi(Nd4j.randn(rng, net.parameters().shape()).castTo(DataType.DOUBLE));
        INDArray z = Nd4j.randn(rng, new long[] {5, 2}).castTo(DataType.DOUBLE);
        GeneratorNetwork.Layout p = net.layout();

        // (softplus(z W0 + b0) - log 2) Wout + bout + z, written out with plain ND4J operations.
        INDArray pre = z.mmul(p.weight(0)).addRowVector(p.bias(0));
        INDArray hidden = Nd4j.math().log1p(Nd4j.math().exp(pre)).subi(Math.log(2));
        INDArray expected = hidden.mmul(p.headWeight()).addRowVector(p.headBias()).addi(z);

        assertThat(relativeError(net.generate(z), expected)).isLessThan(1e-12);
    }

    private static double loss(GeneratorNetwork net, INDArray z, INDArray outputGradient) {
        return net.generate(z).mul(outputGradient).sumNumber().doubleValue();
    }

    private static double relativeError(INDArray analytic, INDArray numeric) {
        double diff = analytic.sub(numeric).norm2Number().doubleValue();
        double scale = Math.max(analytic.norm2Number().doubleValue(), numeric.norm2Number().doubleValue());
        return diff / Math.max(scale, 1e-12);
    }
}
