package io.ddestream.engine.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.assertj.core.api.Assertions.assertThat;

/** The vectorized CPU kernels agree with the portable ND4J ones, tails (widths not a multiple of the SIMD
 * lane count) and views with offsets included. */
class ActivationKernelsTest {

    private static final double TOLERANCE = 2e-6;
    private final ActivationKernels portable = ActivationKernels.portable();
    private final ActivationKernels fast = VectorizedKernels.create();

    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"1, 1", "7, 37", "16, 64", "5, 3"})
    void fusedActivationMatchesPortable(int rows, int cols) {
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(rows * 31L + cols);
        INDArray pre = Nd4j.randn(rng, new long[] {rows, cols}).muli(30); // far into both saturated tails
        INDArray bias = offsetRow(rng, cols);
        INDArray skip = Nd4j.randn(rng, new long[] {rows, cols});
        for (INDArray maybeSkip : new INDArray[] {null, skip}) {
            INDArray sigA = Nd4j.create(DataType.FLOAT, rows, cols);
            INDArray outA = Nd4j.create(DataType.FLOAT, rows, cols);
            INDArray sigB = sigA.like();
            INDArray outB = outA.like();
            portable.activate(pre.dup(), bias, maybeSkip, sigA, outA);
            fast.activate(pre.dup(), bias, maybeSkip, sigB, outB);
            assertClose(sigB, sigA);
            assertClose(outB, outA);
        }
    }

    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"1, 1", "7, 37", "16, 64"})
    void productsAndColumnSumsMatchPortable(int rows, int cols) {
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(rows * 17L + cols);
        INDArray sig = Nd4j.rand(rng, rows, cols).castTo(DataType.FLOAT);
        INDArray a = Nd4j.randn(rng, new long[] {rows, cols});
        INDArray b = Nd4j.randn(rng, new long[] {rows, cols});

        INDArray outA = a.like();
        INDArray outB = a.like();
        portable.sigmoidDerivativeProduct(sig, a, b, outA);
        fast.sigmoidDerivativeProduct(sig, a, b, outB);
        assertClose(outB, outA);

        INDArray accA = b.dup();
        INDArray accB = b.dup();
        portable.multiplyAdd(sig, a, accA, a.like());
        fast.multiplyAdd(sig, a, accB, a.like());
        assertClose(accB, accA);

        assertThat(fast.sumOfSquares(a)).isCloseTo(portable.sumOfSquares(a), org.assertj.core.data.Percentage.withPercentage(1e-4));

        INDArray sumsA = offsetRow(rng, cols);
        INDArray sumsB = offsetRow(rng, cols);
        portable.columnSums(a, sumsA);
        fast.columnSums(a, sumsB);
        assertClose(sumsB, sumsA);
    }

    /** A 1 x cols row that is a view at a non-zero offset, like a bias inside the flat parameter vector. */
    private static INDArray offsetRow(Random rng, int cols) {
        INDArray flat = Nd4j.randn(rng, new long[] {1, cols + 5});
        return flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(3, 3 + cols)).reshape('c', 1, cols);
    }

    private static void assertClose(INDArray actual, INDArray expected) {
        double scale = Math.max(1.0, expected.norm2Number().doubleValue());
        assertThat(actual.sub(expected).norm2Number().doubleValue() / scale).isLessThan(TOLERANCE);
    }
}
