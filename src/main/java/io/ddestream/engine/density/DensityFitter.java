package io.ddestream.engine.density;

import io.ddestream.engine.dde.DenoisingLearner;
import io.ddestream.engine.dde.LearningRateDecay;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.nn.EnergyNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * Fits a {@link DensityModel} to a table of points offline: standardize, train by denoising steps on random
 * minibatches with a decaying learning rate ({@link LearningRateDecay}), estimate {@code log Z}, calibrate anomaly
 * scores on the training points.
 */
public final class DensityFitter {

    /** How the learning rate falls over a fit: the mode weights settle only once Adam's steps shrink. */
    static final LearningRateDecay DECAY = LearningRateDecay.defaults();

    /** Consecutive refused steps after which training is declared diverged. */
    static final int MAX_CONSECUTIVE_REFUSALS = 50;

    /**
     * @param steps              denoising steps
     * @param normalizerSamples  importance samples for {@code log Z}
     * @param falseAlarmRate     fraction of normal points the anomaly flag may raise
     * @param scaling            how features are standardized before learning
     */
    public record Settings(TrainingConfig training, long steps, int normalizerSamples, double falseAlarmRate,
                           String build, Standardizer.Method scaling) {

        /** Settings that standardize by the moments (mean and std). */
        public Settings(TrainingConfig training, long steps, int normalizerSamples, double falseAlarmRate,
                        String build) {
            this(training, steps, normalizerSamples, falseAlarmRate, build, Standardizer.Method.MOMENTS);
        }

        public Settings {
            java.util.Objects.requireNonNull(scaling, "scaling");
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be >= 1, got " + steps);
            }
            if (normalizerSamples < 100) {
                throw new IllegalArgumentException("normalizer samples must be >= 100, got " + normalizerSamples);
            }
        }

        public Settings withTraining(TrainingConfig t) {
            return new Settings(t, steps, normalizerSamples, falseAlarmRate, build, scaling);
        }
    }

    /** Receives training progress; called from the fitting thread. */
    public interface Progress {
        Progress NONE = (step, total, loss, pointsPerSecond) -> { };

        void update(long step, long totalSteps, double loss, double pointsPerSecond);
    }

    private DensityFitter() {
    }

    public static DensityModel fit(List<String> features, double[][] rows, Settings settings, Progress progress) {
        if (rows.length < 2) {
            throw new IllegalArgumentException("need at least 2 points to fit a density, got " + rows.length);
        }
        TrainingConfig config = settings.training();
        Standardizer standardizer = Standardizer.fit(rows, settings.scaling());
        INDArray data = standardizer.standardize(rows, DataType.FLOAT);
        DenoisingLearner learner = DenoisingLearner.create(features.size(), config, DataType.FLOAT);
        Random sampler = new Random(config.seed());
        int[] batchRows = new int[Math.min(config.batchSize(), Math.max(rows.length, 1))];
        INDArray batch = Nd4j.create(DataType.FLOAT, batchRows.length, features.size());

        long start = System.nanoTime();
        double smoothedLoss = Double.NaN;
        int refusedInARow = 0;
        while (learner.steps() < settings.steps()) {
            for (int i = 0; i < batchRows.length; i++) {
                batchRows[i] = sampler.nextInt(rows.length);
            }
            Nd4j.pullRows(data, batch, 1, batchRows);
            learner.setLearningRate(config.learningRate() * DECAY.factorAt(learner.steps(), settings.steps()));
            DenoisingLearner.StepResult step = learner.learn(batch);
            if (!step.accepted()) {
                if (++refusedInARow >= MAX_CONSECUTIVE_REFUSALS) {
                    throw new IllegalStateException("training diverged: " + refusedInARow
                            + " steps in a row had a non-finite or exploding gradient (last loss " + step.loss()
                            + "); try a smaller learning rate or a larger sigma");
                }
                continue;
            }
            refusedInARow = 0;
            smoothedLoss = Double.isNaN(smoothedLoss) ? step.loss() : 0.98 * smoothedLoss + 0.02 * step.loss();
            if (step.step() % 50 == 0 || step.step() == settings.steps()) {
                double seconds = (System.nanoTime() - start) / 1e9;
                progress.update(step.step(), settings.steps(), smoothedLoss,
                        step.step() * (double) batchRows.length / seconds);
            }
        }

        double sigma = learner.currentSigma();
        LogPartitionEstimator normalizer = new LogPartitionEstimator(
                LogPartitionEstimator.Settings.defaults().withSamples(settings.normalizerSamples()));
        EnergyNetwork averaged = learner.averagedNetwork();
        LogPartition logZ = normalizer.estimate(averaged::energy, data, sigma, config.seed());
        Provenance provenance = new Provenance(config, learner.steps(), learner.refusedSteps(), rows.length, 1,
                Instant.now(), settings.build());
        return DensityModel.calibratedOn(rows, features, standardizer, averaged, sigma, logZ,
                settings.falseAlarmRate(), provenance);
    }
}
