package io.ddestream.engine.nn;

/**
 * Whether the JDK's Vector API can be used: the {@code jdk.incubator.vector} module is loaded (bin/dde and the
 * build add it) and has what Java 17's version has. Classes that use the API are loaded only when this holds.
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
            VectorizedKernels.create();
            return true;
        } catch (LinkageError e) {
            return false;
        }
    }
}
