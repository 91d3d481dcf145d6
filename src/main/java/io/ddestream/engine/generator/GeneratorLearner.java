package io.ddestream.engine.generator;

import io.ddestream.engine.dde.DenoisingLearner;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.LogPartition;
import io.ddestream.engine.density.Standardizer;
import io.ddestream.engine.nn.EnergyNetwork;
import io.ddestream.engine.nn.GeneratorNetwork;
import io.ddestream.engine.nn.GeneratorPass;
import io.ddestream.engine.nn.GeneratorShape;
import io.ddestream.engine.nn.NetworkPass;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Trains a generator {@code g(z)} to minimize {@code KL(q~ || p~)} against a fitted data model (docs/method.md
 * section 3), in the data model's standardized space. It keeps two networks alive across steps, as the
 * reference algorithm does: the generator, and a second DDE {@code s_q} that learns the smoothed density of the
 * generator's samples with the data model's sigma, network shape and learning rate. The data energy
 * {@code s_p} stays fixed.
 *
 * <p>Each {@link #step()} does k denoising steps of {@code s_q} on fresh generator samples, then one generator
 * step: for {@code x~ = g(z) + sigma * eps}, the gradient reaching the generator's output is
 * {@code (grad s_q(x~) - grad s_p(x~)) / B}, back-propagated through g into an Adam step. A generator step
 * whose gradient is not finite is refused and leaves the weights as they were.
 *
 * <p>One addition to the method: {@code s_p} is trusted only near the data. Beyond the data's {@link Support},
 * widened by {@value #WALL_MARGIN} sigma, a quadratic wall of curvature {@code 1/sigma^2} (the smoothing
 * kernel's) is added to it ({@link SupportWall}), so that the generator cannot chase an energy that rises away
 * from the data. Inside the widened support the objective is the method's.
 *
 * <p>A long-lived generator outlives its data model: {@link #followDataModel} swaps in a newer {@code s_p} (its
 * log Z and support with it) and keeps the generator, its Adam moments and {@code s_q}, provided the new model
 * lives in the same standardized space (same features, standardizer and sigma: a streaming trainer freezes its
 * standardizer after warm-up, so its versions do). {@link #state()} and {@link #resume} carry the training across
 * a restart.
 *
 * <p>Mutable and single-threaded. Everything runs in float32 on ND4J, on whichever backend is loaded.
 */
public final class GeneratorLearner {

    /** Where the wall starts beyond the data's support, in units of sigma: p~ itself fades out over about 3. */
    static final double WALL_MARGIN = 3;

    /** Decay of the generator's weight average (as the data model's: Adam's last iterate wanders). */
    static final double AVERAGE_DECAY = 0.999;

    private final GeneratorConfig config;
    private final double sigma;
    private LogPartition dataLogPartition;
    private final GeneratorNetwork generator;
    private final INDArray averaged;
    private final INDArray optimizerState;
    private final GradientUpdater<?> adam;
    private DenoisingLearner sq;
    private EnergyNetwork sp;
    private final GeneratorPass pass;
    private NetworkPass sqPass;
    private NetworkPass spPass;
    private SupportWall wall;
    private DensityModel data;
    private final INDArray latent;
    private final INDArray noisy;
    private final INDArray outputGradient;
    private final Random rng;
    private long steps;
    private long refusedSteps;

    private GeneratorLearner(DensityModel data, Support support, GeneratorConfig config) {
        if (support.dimension() != data.dimension()) {
            throw new IllegalArgumentException("a support of dimension " + support.dimension()
                    + " for a data model of dimension " + data.dimension());
        }
        this.config = config;
        this.data = data;
        this.sigma = data.sigma();
        this.dataLogPartition = data.logPartition();
        this.sp = data.network();
        int d = data.dimension();
        int batch = config.batchSize();
        // Seeds derived from one: the generator's weights, its latent and noise draws, and s_q (which uses two).
        this.generator = GeneratorNetwork.initialize(new GeneratorShape(d, config.width(), config.depth()),
                DataType.FLOAT, Nd4j.getRandomFactory().getNewRandomInstance(config.seed()));
        this.rng = Nd4j.getRandomFactory().getNewRandomInstance(config.seed() + 1);
        this.averaged = generator.parameters().dup();
        long parameterCount = generator.shape().parameterCount();
        this.optimizerState = Nd4j.zeros(DataType.FLOAT, 1, 2 * parameterCount);
        this.adam = new Adam(config.learningRate()).instantiate(optimizerState, true);
        this.sq = DenoisingLearner.create(d, sqConfig(data, config), DataType.FLOAT);
        this.pass = new GeneratorPass(generator, batch);
        this.sqPass = new NetworkPass(sq.network(), batch);
        this.spPass = new NetworkPass(sp, batch);
        this.wall = new SupportWall(support, WALL_MARGIN * sigma, 1 / (sigma * sigma), batch);
        this.latent = Nd4j.create(DataType.FLOAT, batch, d);
        this.noisy = Nd4j.create(DataType.FLOAT, batch, d);
        this.outputGradient = Nd4j.create(DataType.FLOAT, batch, d);
    }

    /**
     * A fresh generator (the identity) and a fresh {@code s_q} for the given data model, whose training points
     * span {@code support}.
     */
    public static GeneratorLearner create(DensityModel data, Support support, GeneratorConfig config) {
        return new GeneratorLearner(data, support, config);
    }

    /** {@code s_q}'s training: the data model's network shape and learning rate, its sigma, the generator's batch. */
    private static TrainingConfig sqConfig(DensityModel data, GeneratorConfig config) {
        TrainingConfig dataTraining = data.provenance().training();
        return new TrainingConfig(dataTraining.width(), dataTraining.depth(), config.batchSize(),
                dataTraining.learningRate(), SigmaSchedule.constant(data.sigma()), config.seed() + 2,
                dataTraining.maxGradientNorm());
    }

    /**
     * Resumes training from a {@link #state()} exported earlier, against {@code data}, which must live in the
     * standardized space the state was trained in (see {@link #spaceMismatch}). The generator, its weight average
     * and Adam moments, {@code s_q} and the step counts continue. The random streams are reseeded from the seed and
     * the step count, as {@link DenoisingLearner#resume} does: resuming twice from one state gives the same run,
     * but not the draws an uninterrupted learner would have made.
     *
     * @throws IllegalArgumentException if the state's networks do not fit the config and the data's dimension
     */
    public static GeneratorLearner resume(DensityModel data, Support support, GeneratorConfig config,
                                          GeneratorState state) {
        GeneratorShape expected = new GeneratorShape(data.dimension(), config.width(), config.depth());
        if (!state.shape().equals(expected)) {
            throw new IllegalArgumentException("the saved generator is " + state.shape() + ", not " + expected);
        }
        if (state.sq().shape().inputDim() != data.dimension()) {
            throw new IllegalArgumentException("the saved s_q has dimension " + state.sq().shape().inputDim()
                    + ", the data model " + data.dimension());
        }
        GeneratorLearner learner = new GeneratorLearner(data, support, config);
        learner.generator.parameters().assign(state.parameters());
        learner.averaged.assign(state.averagedParameters());
        learner.optimizerState.assign(state.optimizerState()); // Adam's moments are views of this array
        learner.sq = DenoisingLearner.resume(sqConfig(data, config), state.sq());
        learner.sqPass = new NetworkPass(learner.sq.network(), config.batchSize());
        learner.steps = state.steps();
        learner.refusedSteps = state.refusedSteps();
        learner.rng.setSeed((config.seed() + 1) * 0x9E3779B97F4A7C15L + state.steps());
        return learner;
    }

    /** A copy of everything needed to {@link #resume} training. */
    public GeneratorState state() {
        return new GeneratorState(generator.shape(), generator.parameters().dup(), averaged.dup(),
                optimizerState.dup(), sq.state(), steps, refusedSteps);
    }

    /**
     * Trains against {@code next} from now on: its energy {@code s_p}, log Z and {@code support} replace the
     * current model's; the generator, its Adam moments and {@code s_q} carry on, since they live in the same
     * standardized space. A newer version of a streaming trainer's model is such a model.
     *
     * @throws IllegalArgumentException if {@code next} lives in another space ({@link #incompatibilityWith} says
     *                                  why): the generator's outputs and {@code s_q} would mean other points there,
     *                                  so the caller starts a fresh learner instead
     */
    public void followDataModel(DensityModel next, Support support) {
        Optional<String> mismatch = incompatibilityWith(next);
        if (mismatch.isPresent()) {
            throw new IllegalArgumentException("cannot follow model version " + next.provenance().version() + ": "
                    + mismatch.get());
        }
        if (support.dimension() != next.dimension()) {
            throw new IllegalArgumentException("a support of dimension " + support.dimension()
                    + " for a data model of dimension " + next.dimension());
        }
        sp = next.network();
        spPass = new NetworkPass(sp, config.batchSize());
        dataLogPartition = next.logPartition();
        wall = new SupportWall(support, WALL_MARGIN * sigma, 1 / (sigma * sigma), config.batchSize());
        data = next;
    }

    /** Why this learner cannot {@linkplain #followDataModel follow} {@code next}; empty if it can. */
    public Optional<String> incompatibilityWith(DensityModel next) {
        return spaceMismatch(data.features(), data.standardizer(), sigma, next);
    }

    /**
     * Why a generator and {@code s_q} trained in the space of a data model with these features, standardizer and
     * sigma cannot train against {@code next}; empty if they can. The generator maps latent points to that
     * standardized space and {@code s_q} learned its density smoothed at that sigma, so all three must agree
     * exactly.
     */
    public static Optional<String> spaceMismatch(List<String> features, Standardizer standardizer, double sigma,
                                                 DensityModel next) {
        if (!next.features().equals(features)) {
            return Optional.of("its features " + next.features() + " are not " + features);
        }
        if (Double.compare(next.sigma(), sigma) != 0) {
            return Optional.of("its sigma " + next.sigma() + " is not " + sigma + ", at which s_q learned");
        }
        if (!Arrays.equals(next.standardizer().mean(), standardizer.mean())
                || !Arrays.equals(next.standardizer().std(), standardizer.std())) {
            return Optional.of("its standardizer (mean " + Arrays.toString(next.standardizer().mean()) + ", std "
                    + Arrays.toString(next.standardizer().std()) + ") is not the one the generator works in (mean "
                    + Arrays.toString(standardizer.mean()) + ", std " + Arrays.toString(standardizer.std()) + ")");
        }
        return Optional.empty();
    }

    /**
     * Sets Adam's learning rate for the generator's next steps (an offline fit decays it, see
     * {@link GeneratorFitter}); {@code s_q} keeps its own.
     */
    public void setLearningRate(double learningRate) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        ((Adam) adam.getConfig()).setLearningRate(learningRate);
    }

    /** The data model trained against now. */
    public DensityModel dataModel() {
        return data;
    }

    /** k steps of {@code s_q} on fresh generator samples, then one generator step. */
    public StepResult step() {
        for (int i = 0; i < config.sqStepsPerStep(); i++) {
            sq.learn(generateBatch());
        }
        INDArray x = generateBatch();
        Nd4j.getExecutioner().exec(new GaussianDistribution(noisy, 0.0, sigma), rng);
        noisy.addi(x);
        sqPass.forward(noisy);
        sqPass.backward();
        spPass.forward(noisy);
        spPass.backward();
        int batch = config.batchSize();
        double energyGap = sqPass.energy().sumNumber().doubleValue() / batch
                - spPass.energy().sumNumber().doubleValue() / batch;
        sqPass.inputGradient().sub(spPass.inputGradient(), outputGradient);
        wall.addGradient(noisy, outputGradient);
        outputGradient.divi(batch);
        pass.backward(outputGradient);
        INDArray gradient = pass.gradient();
        double gradientNorm = pass.gradientNorm();
        if (!Double.isFinite(energyGap) || !Double.isFinite(gradientNorm)) {
            refusedSteps++;
            return new StepResult(steps, energyGap, gradientNorm, false);
        }
        adam.applyUpdater(gradient, (int) Math.min(steps, Integer.MAX_VALUE), 0);
        INDArray parameters = generator.parameters().subi(gradient);
        double decay = Math.min(AVERAGE_DECAY, (1.0 + steps) / (10.0 + steps));
        averaged.subi(parameters).muli(decay).addi(parameters);
        steps++;
        return new StepResult(steps, energyGap, gradientNorm, true);
    }

    private INDArray generateBatch() {
        Nd4j.getExecutioner().exec(new GaussianDistribution(latent, 0.0, 1.0), rng);
        return pass.forward(latent);
    }

    /**
     * Estimates {@code KL(q~ || p~)} of the {@linkplain #averagedGenerator() averaged generator}, from {@code samples} generator samples
     * (see {@link KlEstimate}).
     */
    public KlEstimate estimateKl(int samples, long seed) {
        return KlEstimator.estimate(averagedGenerator(), sq.network(), sp, dataLogPartition, sigma, samples, seed);
    }

    /**
     * Freezes the learner into an immutable {@link GeneratorModel}: the averaged generator in the data model's
     * space, with its provenance and {@code kl} (the latest estimate, or null if none was made).
     */
    public GeneratorModel freeze(KlEstimate kl, Instant at, String build) {
        GeneratorProvenance provenance = new GeneratorProvenance(config, steps, refusedSteps, sqSteps(), at, build);
        return new GeneratorModel(data.features(), data.standardizer(), averagedGenerator(), data.sigma(), provenance,
                kl);
    }

    /** A copy of the generator with the moving average of its weights: the one to sample from. */
    public GeneratorNetwork averagedGenerator() {
        return GeneratorNetwork.fromParameters(generator.shape(), averaged.dup());
    }

    /** The generator being trained (live: it changes with every step). */
    public GeneratorNetwork generator() {
        return generator;
    }

    public GeneratorConfig config() {
        return config;
    }

    /** Accepted generator steps so far. */
    public long steps() {
        return steps;
    }

    /** Generator steps refused as non-finite so far. */
    public long refusedSteps() {
        return refusedSteps;
    }

    /** Accepted denoising steps of {@code s_q} so far. */
    public long sqSteps() {
        return sq.steps();
    }

    /**
     * The outcome of one {@link #step()}.
     *
     * @param energyGap the batch mean of {@code s_q(x~) - s_p(x~)}: the KL estimate up to the normalizers'
     *                  difference, which drifts as {@code s_q} learns, so only its trend within a few steps means
     *                  anything
     */
    public record StepResult(long step, double energyGap, double gradientNorm, boolean accepted) {
    }
}
