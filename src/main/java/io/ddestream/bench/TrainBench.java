package io.ddestream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddestream.engine.dde.DenoisingLearner;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.nn.NetworkPass;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * Training throughput on random data: the full denoising step (noise, forward, backward, double backprop,
 * Adam) with the kernels in use, against two baselines measured in the same run: the portable ND4J kernels,
 * and the floor set by the step's matrix products alone.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Training steps per second of one learner on random data.")
final class TrainBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--width", defaultValue = "64", description = "Hidden width (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--depth", defaultValue = "4", description = "Hidden layers (default ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--batch", defaultValue = "512", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--dim", defaultValue = "2", description = "Data dimension (default ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--steps", defaultValue = "2000", description = "Timed steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "300", description = "Untimed steps first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--no-baselines", description = "Skip the portable-kernel and matrix-product baselines.")
    boolean noBaselines;

    @Override
    public Integer call() throws Exception {
        TrainingConfig config = new TrainingConfig(width, depth, batch, 1e-3, SigmaSchedule.constant(0.2), 1L, 1e4);
        INDArray data = Nd4j.randn(DataType.FLOAT, batch, dim);
        String kernels = NetworkPass.kernelsInUse();
        double stepsPerSecond = measureSteps(config, data);
        out().printf("%-28s %9.1f steps/s  (%.3f ms/step)%n", "training step (" + kernels + ")",
                stepsPerSecond, 1e3 / stepsPerSecond);

        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("bench", "train").put("width", width).put("depth", depth).put("batch", batch).put("dim", dim)
                .put("steps", steps).put("kernels", kernels).put("backend", Nd4j.getBackend().getClass().getSimpleName())
                .put("omp_num_threads", String.valueOf(System.getenv("OMP_NUM_THREADS")))
                .put("steps_per_s", round(stepsPerSecond)).put("ms_per_step", round(1e3 / stepsPerSecond));
        if (!noBaselines) {
            double portable = withPortableKernels(() -> measureSteps(config, data));
            double matmulMs = matrixProductFloorMs();
            out().printf("%-28s %9.1f steps/s  (%.3f ms/step)%n", "baseline: portable-nd4j", portable,
                    1e3 / portable);
            out().printf("%-28s %9.3f ms/step (%.0f%% of a step; the rest is element-wise work, "
                    + "op overhead and Adam)%n", "matrix products alone", matmulMs, 100 * matmulMs * stepsPerSecond / 1e3);
            json.put("portable_steps_per_s", round(portable))
                    .put("speedup_vs_portable", round(stepsPerSecond / portable))
                    .put("matmul_ms_per_step", round(matmulMs))
                    .put("matmul_share", round(matmulMs * stepsPerSecond / 1e3));
        }
        out().println(json);
        return 0;
    }

    private double measureSteps(TrainingConfig config, INDArray data) {
        DenoisingLearner learner = DenoisingLearner.create(dim, config, DataType.FLOAT);
        for (int i = 0; i < warmup; i++) {
            learner.learn(data);
        }
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            learner.learn(data);
        }
        return steps / ((System.nanoTime() - start) / 1e9);
    }

    private static double withPortableKernels(java.util.function.DoubleSupplier run) {
        String key = "dde.kernels";
        String previous = System.getProperty(key);
        System.setProperty(key, "portable");
        try {
            return run.getAsDouble();
        } finally {
            if (previous == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, previous);
            }
        }
    }

    /**
     * The matrix products of one step with the same shapes (docs/method.md: forward 1, backward 1, double
     * backprop 2 and forward adjoint 2 per residual layer, plus the input layer's and the read-out's).
     */
    private double matrixProductFloorMs() {
        INDArray bxh = Nd4j.rand(DataType.FLOAT, batch, width);
        INDArray bxh2 = Nd4j.rand(DataType.FLOAT, batch, width);
        INDArray hxh = Nd4j.rand(DataType.FLOAT, width, width);
        INDArray bxd = Nd4j.rand(DataType.FLOAT, batch, dim);
        INDArray dxh = Nd4j.rand(DataType.FLOAT, dim, width);
        INDArray bx1 = Nd4j.rand(DataType.FLOAT, batch, 1);
        INDArray row = Nd4j.rand(DataType.FLOAT, 1, width);
        Runnable step = () -> {
            for (int l = 1; l < depth; l++) {
                Nd4j.gemm(bxh, hxh, bxh2, false, false, 1.0, 0.0);
                Nd4j.gemm(bxh, hxh, bxh2, false, true, 1.0, 1.0);
                Nd4j.gemm(bxh, bxh2, hxh, true, false, 1.0, 0.0);
                Nd4j.gemm(bxh, hxh, bxh2, false, false, 1.0, 0.0);
                Nd4j.gemm(bxh, bxh2, hxh, true, false, 1.0, 1.0);
                Nd4j.gemm(bxh, hxh, bxh2, false, true, 1.0, 1.0);
            }
            Nd4j.gemm(bxd, dxh, bxh, false, false, 1.0, 0.0);
            Nd4j.gemm(bxh, dxh, bxd, false, true, 1.0, 0.0);
            Nd4j.gemm(bxd, bxh, dxh, true, false, 1.0, 0.0);
            Nd4j.gemm(bxd, dxh, bxh2, false, false, 1.0, 0.0);
            Nd4j.gemm(bxd, bxh2, dxh, true, false, 1.0, 1.0);
            Nd4j.gemm(bxh, row, bx1, false, true, 1.0, 0.0);
        };
        for (int i = 0; i < warmup; i++) {
            step.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            step.run();
        }
        return (System.nanoTime() - start) / 1e6 / steps;
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
