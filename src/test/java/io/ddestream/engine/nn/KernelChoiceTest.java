package io.ddestream.engine.nn;

import io.ddestream.testing.ChildJvm;
import io.ddestream.testing.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The kernels are chosen once per JVM, in static initializers; the choice must not depend on which class a
 * process happens to touch first. (A scorer that restored a model before the trainer's first step used to
 * initialize the Vector API probe first, which then saw the kernels' class half-initialized and fell back to the
 * portable kernels for training, logging that the Vector API was unavailable.)
 */
@IntegrationTest
class KernelChoiceTest {

    @Test
    void shouldPickTheVectorizedKernelsEvenWhenAPointEvaluatorIsCreatedFirst() throws Exception {
        try (ChildJvm probe = ChildJvm.start("kernel-choice", Path.of("target", "reliability"),
                KernelChoiceProbe.class.getName(), List.of("-Xmx256m"), List.of())) {
            probe.awaitOutput("kernels: vectorized-cpu", Duration.ofSeconds(60));
        }
    }
}
