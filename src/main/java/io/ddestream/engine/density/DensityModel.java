package io.ddestream.engine.density;

import io.ddestream.engine.nn.EnergyNetwork;
import io.ddestream.engine.nn.NetworkPass;
import io.ddestream.engine.nn.PointEvaluator;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An immutable, normalized density model: the trained energy {@code s}, the standardizer that maps the user's
 * units to the network's, {@code log Z}, and the calibration of anomaly scores on the training data.
 *
 * <p>Direction of scores, stated once: {@code logDensity} up = likely; {@code anomalyScore = -logDensity} up =
 * anomalous. Log-densities are those of the smoothed density {@code p~ = p * N(0, sigma^2)} (in standardized
 * units), reported in the input's units: {@code log p_x(x) = s(z) - log Z - sum_i log std_i}.
 *
 * <p>A model may know the {@link DataRange} of the points it was calibrated on ({@link #calibratedOn} records it;
 * models saved before it was kept have none).
 *
 * <p>Safe to share between threads: nothing in it changes after construction, and scoring allocates its own
 * buffers.
 */
public final class DensityModel {

    /** How many features an explanation names at most. */
    public static final int EXPLAINED_FEATURES = 3;
    private static final int SCORING_CHUNK = 4096;

    private final List<String> features;
    private final Standardizer standardizer;
    private final EnergyNetwork network;
    private final double sigma;
    private final LogPartition logPartition;
    private final ScoreCalibration calibration;
    private final double falseAlarmRate;
    private final Provenance provenance;
    private final PointEvaluator pointEvaluator;
    private final double threshold;
    private final DataRange dataRange; // null: not known (a model saved before ranges were kept)
    private final SigmaSelection sigmaSelection; // null: sigma was given
    private final boolean provisional;

    /** A model without a {@link DataRange}. */
    public DensityModel(List<String> features, Standardizer standardizer, EnergyNetwork network, double sigma,
                        LogPartition logPartition, ScoreCalibration calibration, double falseAlarmRate,
                        Provenance provenance) {
        this(features, standardizer, network, sigma, logPartition, calibration, falseAlarmRate, provenance, null);
    }

    /** @param dataRange the range of the calibration points in standardized units, or null if unknown */
    public DensityModel(List<String> features, Standardizer standardizer, EnergyNetwork network, double sigma,
                        LogPartition logPartition, ScoreCalibration calibration, double falseAlarmRate,
                        Provenance provenance, DataRange dataRange) {
        this(features, standardizer, network, sigma, logPartition, calibration, falseAlarmRate, provenance, dataRange,
                null, false);
    }

    private DensityModel(List<String> features, Standardizer standardizer, EnergyNetwork network, double sigma,
                         LogPartition logPartition, ScoreCalibration calibration, double falseAlarmRate,
                         Provenance provenance, DataRange dataRange, SigmaSelection sigmaSelection,
                         boolean provisional) {
        int d = network.shape().inputDim();
        if (features.size() != d || standardizer.mean().length != d) {
            throw new IllegalArgumentException("model parts disagree on the dimension: " + features.size()
                    + " features, standardizer of " + standardizer.mean().length + ", network of " + d);
        }
        if (!(falseAlarmRate > 0 && falseAlarmRate < 1)) {
            throw new IllegalArgumentException("false-alarm rate must be in (0, 1), got " + falseAlarmRate);
        }
        if (dataRange != null && dataRange.dimension() != d) {
            throw new IllegalArgumentException("a data range of dimension " + dataRange.dimension()
                    + " for a model of dimension " + d);
        }
        this.features = List.copyOf(features);
        this.standardizer = standardizer;
        this.network = network.copy();
        this.sigma = sigma;
        this.logPartition = logPartition;
        this.calibration = calibration;
        this.falseAlarmRate = falseAlarmRate;
        this.provenance = provenance;
        this.pointEvaluator = PointEvaluator.of(this.network);
        this.threshold = calibration.threshold(falseAlarmRate);
        this.dataRange = dataRange;
        if (sigmaSelection != null && sigmaSelection.chosen() != sigma) {
            throw new IllegalArgumentException("the sigma selection chose " + sigmaSelection.chosen()
                    + " but the model was trained at " + sigma);
        }
        this.sigmaSelection = sigmaSelection;
        this.provisional = provisional;
    }

    /**
     * A model whose anomaly scores are calibrated on {@code rows} (normally the training points): p-values and
     * the threshold come from the distribution of their scores, and its {@link DataRange} is theirs.
     */
    public static DensityModel calibratedOn(double[][] rows, List<String> features, Standardizer standardizer,
                                            EnergyNetwork network, double sigma, LogPartition logPartition,
                                            double falseAlarmRate, Provenance provenance) {
        double[] anomalyScores = logDensities(network, standardizer, logPartition, rows);
        for (int i = 0; i < anomalyScores.length; i++) {
            anomalyScores[i] = -anomalyScores[i];
        }
        return new DensityModel(features, standardizer, network, sigma, logPartition,
                ScoreCalibration.fromScores(anomalyScores), falseAlarmRate, provenance,
                DataRange.of(rows, standardizer));
    }

    /** Normalized log-densities of the rows (each with {@link #dimension()} values), in the input's units. */
    public double[] logDensity(double[][] rows) {
        return logDensities(network, standardizer, logPartition, rows);
    }

    private static double[] logDensities(EnergyNetwork network, Standardizer standardizer, LogPartition logZ,
                                         double[][] rows) {
        double[] out = new double[rows.length];
        double shift = standardizer.logJacobian() - logZ.logZ();
        forEachChunk(network, standardizer, rows, false, (offset, pass) -> {
            INDArray energy = pass.energy();
            for (int i = 0; i < energy.rows(); i++) {
                out[offset + i] = energy.getDouble(i, 0) + shift;
            }
        });
        return out;
    }

    /** Scores of the rows, in order (batched through the tensor backend). */
    public List<Score> score(double[][] rows) {
        List<Score> out = new ArrayList<>(rows.length);
        double shift = logShift();
        forEachChunk(network, standardizer, rows, true, (offset, pass) -> {
            INDArray energy = pass.energy();
            INDArray gradient = pass.inputGradient();
            for (int i = 0; i < energy.rows(); i++) {
                out.add(toScore(energy.getDouble(i, 0) + shift, gradient.getRow(i).toDoubleVector()));
            }
        });
        return out;
    }

    /**
     * The score of one point, evaluated in plain Java: a few microseconds, for per-record scoring in streams.
     * Agrees with {@link #score(double[][])} up to float rounding.
     */
    public Score score(double[] row) {
        if (row.length != dimension()) {
            throw new IllegalArgumentException("expected " + dimension() + " features, got " + row.length);
        }
        double[] gradient = new double[row.length];
        double energy = pointEvaluator.energy(standardizer.standardize(row), gradient);
        return toScore(energy + logShift(), gradient);
    }

    /** {@code log p_x(x) = s(z) + logShift()}. */
    private double logShift() {
        return standardizer.logJacobian() - logPartition.logZ();
    }

    private Score toScore(double logDensity, double[] gradient) {
        double anomalyScore = -logDensity;
        if (!Double.isFinite(anomalyScore)) {
            // The network's arithmetic overflowed: a point absurdly far from the data. It cannot be ranked against
            // the training scores, and is more anomalous than any of them; its gradient means nothing.
            return new Score(logDensity, anomalyScore, 0.0, true, threshold(), List.of());
        }
        double p = calibration.pValue(anomalyScore);
        return new Score(logDensity, anomalyScore, p, p < falseAlarmRate, threshold(), explain(gradient));
    }

    private interface ChunkConsumer {
        void accept(int offset, NetworkPass pass);
    }

    private static void forEachChunk(EnergyNetwork network, Standardizer standardizer, double[][] rows,
                                     boolean withGradient, ChunkConsumer consumer) {
        int dimension = network.shape().inputDim();
        for (int offset = 0; offset < rows.length; offset += SCORING_CHUNK) {
            int n = Math.min(SCORING_CHUNK, rows.length - offset);
            double[][] chunk = Arrays.copyOfRange(rows, offset, offset + n);
            for (double[] row : chunk) {
                if (row.length != dimension) {
                    throw new IllegalArgumentException("expected " + dimension + " features, got " + row.length);
                }
            }
            NetworkPass pass = new NetworkPass(network, n);
            pass.forward(standardizer.standardize(chunk, network.dataType()));
            if (withGradient) {
                pass.backward();
            }
            consumer.accept(offset, pass);
        }
    }

    private List<Score.FeatureContribution> explain(double[] gradient) {
        double total = 0;
        for (double g : gradient) {
            total += Math.abs(g);
        }
        double norm = total > 0 ? total : 1;
        List<Score.FeatureContribution> all = new ArrayList<>(gradient.length);
        for (int i = 0; i < gradient.length; i++) {
            // Density rises with the feature: the value sits too low.
            Score.Direction direction = gradient[i] > 0 ? Score.Direction.LOW : Score.Direction.HIGH;
            all.add(new Score.FeatureContribution(features.get(i), direction, Math.abs(gradient[i]) / norm));
        }
        all.sort(Comparator.comparingDouble(Score.FeatureContribution::weight).reversed());
        return List.copyOf(all.subList(0, Math.min(EXPLAINED_FEATURES, all.size())));
    }

    /** The anomaly score above which points are flagged at the model's false-alarm rate. */
    public double threshold() {
        return threshold;
    }

    /** The same model flagging at another false-alarm rate. */
    public DensityModel withFalseAlarmRate(double rate) {
        return new DensityModel(features, standardizer, network, sigma, logPartition, calibration, rate, provenance,
                dataRange, sigmaSelection, provisional);
    }

    /** The same model, recording how its sigma was selected (which must be the sigma it was trained at). */
    public DensityModel withSigmaSelection(SigmaSelection selection) {
        return new DensityModel(features, standardizer, network, sigma, logPartition, calibration, falseAlarmRate,
                provenance, dataRange, java.util.Objects.requireNonNull(selection, "selection"), provisional);
    }

    /**
     * The same model marked provisional: learned at a rule-of-thumb sigma while the stream's sigma selection runs,
     * to be replaced by a model at the selected sigma.
     */
    public DensityModel asProvisional() {
        return new DensityModel(features, standardizer, network, sigma, logPartition, calibration, falseAlarmRate,
                provenance, dataRange, sigmaSelection, true);
    }

    /** Whether this model is provisional ({@link #asProvisional}). */
    public boolean provisional() {
        return provisional;
    }

    /** How sigma was selected from the data, if it was (not when it was given). */
    public java.util.Optional<SigmaSelection> sigmaSelection() {
        return java.util.Optional.ofNullable(sigmaSelection);
    }

    public int dimension() {
        return features.size();
    }

    public List<String> features() {
        return features;
    }

    public Standardizer standardizer() {
        return standardizer;
    }

    /** A copy of the energy network (float32). */
    public EnergyNetwork network() {
        return network.copy();
    }

    public double sigma() {
        return sigma;
    }

    public LogPartition logPartition() {
        return logPartition;
    }

    public ScoreCalibration calibration() {
        return calibration;
    }

    public double falseAlarmRate() {
        return falseAlarmRate;
    }

    public Provenance provenance() {
        return provenance;
    }

    /** The range of the points the model was calibrated on (standardized units); empty if not known. */
    public Optional<DataRange> dataRange() {
        return Optional.ofNullable(dataRange);
    }
}
