package io.ddestream.engine.dde;

import io.ddestream.engine.nn.EnergyNetwork;
import io.ddestream.engine.nn.NetworkPass;
import io.ddestream.engine.nn.NetworkShape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

import java.util.Random;
import java.util.SplittableRandom;

/**
 * Learns an energy {@code s(x) ~ log p~(x) + C} from batches of standardized points by denoising steps
 * (docs/method.md section 1): each step draws fresh noise, computes the denoising loss and its gradient by
 * double backprop, and applies Adam. A step whose loss or gradient is not finite, or whose gradient norm
 * exceeds the configured bound, is refused: the weights and optimizer moments stay as they were.
 *
 * <p>Besides the weights being trained, it keeps their exponential moving average ({@link #averagedNetwork()}),
 * which is what models are made from: Adam's last iterate wanders around the optimum at the learning rate's scale,
 * and at small sigma that wandering cost up to half a nat of held-out log-likelihood on 8 gaussians from one seed
 * to the next (docs/performance.md).
 *
 * <p>Mutable and single-threaded; {@link #state()} exports everything needed to resume elsewhere.
 */
public final class DenoisingLearner {

    private final TrainingConfig config;
    private final EnergyNetwork network;
    private final INDArray optimizerState;
    private final INDArray averaged;
    private final GradientUpdater<Adam> adam;
    private final SplittableRandom rng; // its nextGaussian (a ziggurat) is several times faster than Random's
    private NetworkPass pass;
    private float[] noiseValues;
    private INDArray noisy;
    private long steps;
    private long refusedSteps;

    /** Decay of the weight average, reached after a warm-up of about 1 / (1 - decay) steps. */
    static final double AVERAGE_DECAY = 0.999;

    private DenoisingLearner(TrainingConfig config, EnergyNetwork network, INDArray averaged, INDArray optimizerState,
                             long steps, long refusedSteps, long rngSeed, boolean freshOptimizer) {
        this.config = config;
        this.network = network;
        this.averaged = averaged;
        this.optimizerState = optimizerState;
        this.adam = new Adam(config.learningRate()).instantiate(optimizerState, freshOptimizer);
        this.steps = steps;
        this.refusedSteps = refusedSteps;
        this.rng = new SplittableRandom(rngSeed);
    }

    /** A learner for points of dimension {@code dim}, with freshly initialized weights from the config's seed. */
    public static DenoisingLearner create(int dim, TrainingConfig config, DataType dataType) {
        Random init = new Random(config.seed());
        NetworkShape shape = new NetworkShape(dim, config.width(), config.depth());
        EnergyNetwork network = EnergyNetwork.initialize(shape, dataType, init);
        INDArray state = Nd4j.zeros(dataType, 1, 2 * shape.parameterCount());
        return new DenoisingLearner(config, network, network.parameters().dup(), state, 0, 0, config.seed() + 1, true);
    }

    /** Resumes from an exported {@link LearnerState}, continuing its step count and optimizer moments. */
    public static DenoisingLearner resume(TrainingConfig config, LearnerState state) {
        EnergyNetwork network = EnergyNetwork.fromParameters(state.shape(), state.parameters().dup());
        // A resumed learner draws a different noise stream than an uninterrupted one would: the seed is mixed
        // with the step count so that runs are still reproducible from the same state.
        long seed = config.seed() * 0x9E3779B97F4A7C15L + state.steps();
        return new DenoisingLearner(config, network, state.averagedParameters().dup(), state.optimizerState().dup(),
                state.steps(), state.refusedSteps(), seed, false);
    }

    /**
     * One denoising step on a batch of standardized points (B x d, any B: buffers are reused while B stays
     * the same).
     */
    public StepResult learn(INDArray batch) {
        ensureBuffers(batch.rows());
        double sigma = config.sigma().at(steps);
        INDArray noise = drawNoise(batch.rows(), batch.columns());
        noise.mul(sigma, noisy).addi(batch);
        pass.forward(noisy);
        pass.backward();
        double loss = pass.denoisingLossGradient(noise, sigma);
        INDArray gradient = pass.gradient();
        double gradientNorm = pass.gradientNorm();
        if (!Double.isFinite(loss) || !Double.isFinite(gradientNorm) || gradientNorm > config.maxGradientNorm()) {
            refusedSteps++;
            return new StepResult(steps, loss, gradientNorm, sigma, false);
        }
        adam.applyUpdater(gradient, (int) Math.min(steps, Integer.MAX_VALUE), 0);
        INDArray parameters = network.parameters().subi(gradient);
        // average <- parameters + decay * (average - parameters), with the usual warm-up of the decay
        double decay = Math.min(AVERAGE_DECAY, (1.0 + steps) / (10.0 + steps));
        averaged.subi(parameters).muli(decay).addi(parameters);
        steps++;
        return new StepResult(steps, loss, gradientNorm, sigma, true);
    }

    private void ensureBuffers(int batch) {
        if (pass == null || pass.batchSize() != batch) {
            pass = new NetworkPass(network, batch);
            noiseValues = new float[batch * network.shape().inputDim()];
            noisy = Nd4j.create(network.dataType(), batch, network.shape().inputDim());
        }
    }

    /**
     * Fresh N(0, 1) noise drawn in Java rather than by the backend: ND4J's native generators did not give
     * the same stream for the same seed in every call pattern, and Java's give identical runs on CPU and GPU.
     */
    private INDArray drawNoise(long rows, long columns) {
        for (int i = 0; i < noiseValues.length; i++) {
            noiseValues[i] = (float) rng.nextGaussian();
        }
        return Nd4j.createFromArray(noiseValues).reshape(rows, columns).castTo(network.dataType());
    }

    /**
     * Sets Adam's learning rate for the following steps (the config's is the initial one). Offline fits decay it
     * towards the end ({@link LearningRateDecay}); a learner that follows a stream keeps the config's.
     */
    public void setLearningRate(double learningRate) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        adam.getConfig().setLearningRate(learningRate);
    }

    /** The network being trained (live: it changes with every step). */
    public EnergyNetwork network() {
        return network;
    }

    /** A copy of the network with the moving average of the weights: the one to score and publish with. */
    public EnergyNetwork averagedNetwork() {
        return EnergyNetwork.fromParameters(network.shape(), averaged.dup());
    }

    public TrainingConfig config() {
        return config;
    }

    /** Accepted steps so far. */
    public long steps() {
        return steps;
    }

    /** Steps refused as divergent so far. */
    public long refusedSteps() {
        return refusedSteps;
    }

    /** Sigma for the next step. */
    public double currentSigma() {
        return config.sigma().at(steps);
    }

    /** A copy of everything needed to resume training. */
    public LearnerState state() {
        return new LearnerState(network.shape(), network.parameters().dup(), averaged.dup(), optimizerState.dup(),
                steps, refusedSteps);
    }

    /** The outcome of one {@link #learn} call. */
    public record StepResult(long step, double loss, double gradientNorm, double sigma, boolean accepted) {
    }
}
