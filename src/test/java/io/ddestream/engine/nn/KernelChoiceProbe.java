package io.ddestream.engine.nn;

import org.nd4j.linalg.api.buffer.DataType;

import java.util.Random;

/**
 * Run in a fresh JVM by {@link KernelChoiceTest}: asks for a point evaluator first (as a scorer restoring a model
 * does before any training), then prints which training kernels were chosen.
 */
public final class KernelChoiceProbe {

    private KernelChoiceProbe() {
    }

    public static void main(String[] args) {
        EnergyNetwork net = EnergyNetwork.initialize(new NetworkShape(2, 8, 2), DataType.FLOAT, new Random(1));
        PointEvaluator.of(net).energy(new double[] {0, 0}, null);
        System.out.println("kernels: " + NetworkPass.kernelsInUse());
    }
}
