package io.ddestream.engine.nn;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernels a process trains with must not depend on which engine class it touched first. Class
 * initialization happens once per JVM, so each order is tried in a fresh child JVM.
 */
class KernelSelectionTest {

    @Test
    void scoringBeforeTrainingStillTrainsWithTheVectorizedKernels() throws Exception {
        assertThat(runChild("point-evaluator-first")).isEqualTo("vectorized-cpu");
    }

    @Test
    void trainingFirstUsesTheVectorizedKernels() throws Exception {
        assertThat(runChild("kernels-first")).isEqualTo("vectorized-cpu");
    }

    private static String runChild(String order) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(java.toString(), "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), Child.class.getName(), order))
                .redirectErrorStream(false).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        assertThat(child.exitValue()).as("child exit; stderr: %s",
                new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        String[] lines = out.split("\n");
        return lines[lines.length - 1].trim();
    }

    /** Touches the engine in the given order, then prints the training kernels' name. */
    public static final class Child {
        public static void main(String[] args) {
            if (args[0].equals("point-evaluator-first")) {
                EnergyNetwork net = EnergyNetwork.initialize(new NetworkShape(2, 8, 2), DataType.FLOAT, new Random(1));
                PointEvaluator.of(net).energy(new double[] {0.1, 0.2}, new double[2]);
            }
            System.out.println(ActivationKernels.describe());
        }
    }
}
