package io.ddestream.engine.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Whether the JDK's Vector API can be used: the {@code jdk.incubator.vector} module is loaded (bin/dde and the
 * build add it) and has what Java 17's version has. Classes that use the API are loaded only when this holds.
 *
 * <p>The probe uses the API itself rather than {@link VectorizedKernels}: initializing that class initializes
 * {@link ActivationKernels} first, whose choice of kernels asks this class, so probing through it made the
 * answer depend on which class a program happened to touch first (scoring before training got the portable
 * kernels for the whole process).
 */
final class VectorSupport {

    static final boolean AVAILABLE = probe();

    private VectorSupport() {
    }

    private static boolean probe() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            Probe.run();
            return true;
        } catch (LinkageError e) {
            return false;
        }
    }

    /** Links what the vectorized classes use; a separate class so that nothing links before the module check. */
    private static final class Probe {
        static void run() {
            ByteOrder order = ByteOrder.nativeOrder();
            FloatVector.zero(FloatVector.SPECIES_PREFERRED).lanewise(VectorOperators.EXP).intoByteBuffer(
                    ByteBuffer.allocateDirect(FloatVector.SPECIES_PREFERRED.vectorByteSize()).order(order), 0, order);
        }
    }
}
