package io.ddestream.streaming;

import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.engine.density.SigmaSelection;
import io.ddestream.engine.density.SigmaChoice;
import io.ddestream.engine.density.SigmaSelector;
import io.ddestream.engine.density.DensityLearner;
import io.ddestream.engine.density.TrainerCheckpoint;
import io.ddestream.engine.density.TrainerSettings;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Learns from validated points and publishes model snapshots, keyed by the model name.
 *
 * <p>{@code process} only observes the point (the warm-up, the anomaly gate, the reservoir) and persists what
 * changed: microseconds. Learning happens in a wall-clock punctuator that runs denoising steps for a bounded
 * budget ({@code stepBudget}, 100 ms by default), then publishes a model if one is due (log Z and calibration:
 * a few hundred milliseconds for the default sizes), so the stream thread returns to polling long before
 * {@code max.poll.interval.ms}. A published model, its checkpoint and the consumed offsets commit in one
 * transaction under exactly-once.
 *
 * <p>When the settings select sigma, the selection on the warm-up points (seconds to minutes of short fits) runs on
 * a thread of its own, so that the stream thread keeps polling and committing; the first training round after
 * it finishes starts the learner and checkpoints the choice. Points keep flowing into the reservoir meanwhile. If
 * the process stops during the selection, the next one selects again on the same points.
 *
 * <p>{@code init} restores the trainer from its store ({@link TrainerStore}), so steps, versions and the reservoir
 * continue after a crash or a move to another instance.
 */
public final class TrainerProcessor implements Processor<String, Point, String, byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerProcessor.class);
    /** Divergent steps are logged at most this often: a persistent cause would otherwise log every round. */
    private static final long REFUSAL_LOG_INTERVAL_MILLIS = 60_000;

    private final String storeName;
    private final String modelName;
    private final List<String> features;
    private final TrainerSettings settings;
    private final TrainerMetrics metrics;
    private ProcessorContext<String, byte[]> context;
    private TrainerStore store;
    private DensityLearner trainer;
    private Cancellable rounds;
    private long lastRefusalLogMillis = -1;
    private ExecutorService selectionThread;
    private Future<SigmaSelection> selection;

    public TrainerProcessor(String storeName, String modelName, List<String> features, TrainerSettings settings,
                            TrainerMetrics metrics) {
        this.storeName = storeName;
        this.modelName = modelName;
        this.features = List.copyOf(features);
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = new TrainerStore(context.getStateStore(storeName));
        this.trainer = store.load(features, settings);
        metrics.update(trainer);
        LOG.info("trainer for model '{}' ready: {} points offered, {} held, {} steps, model version {}", modelName,
                trainer.reservoir().offered(), trainer.reservoir().size(), trainer.steps(), trainer.version());
        rounds = context.schedule(settings.trainEvery(), PunctuationType.WALL_CLOCK_TIME, this::trainingRound);
        if (trainer.awaitingSigma()) {
            startSigmaSelection();
        }
    }

    @Override
    public void process(Record<String, Point> record) {
        double[] x = record.value().features();
        if (x.length != features.size()) {
            metrics.rejected();
            LOG.warn("skipping point '{}' on the validated topic: {} values, the features are {}", record.key(),
                    x.length, features);
            return;
        }
        DensityLearner.Observation seen = trainer.observe(x);
        metrics.admitted(seen.admission());
        if (seen.admission().offered()) {
            store.saveObservation(seen.slot(), x, trainer.reservoir().offered());
        }
        if (seen.admission() == DensityLearner.Admission.WARMED_UP) {
            if (trainer.awaitingSigma()) {
                LOG.info("warm-up done on {} points: standardizer frozen; learning provisionally at sigma {} while "
                        + "sigma is selected", trainer.reservoir().offered(), trainer.sigma());
                startSigmaSelection();
            } else {
                store.saveCheckpoint(trainer.checkpoint());
                LOG.info("warm-up done on {} points: standardizer frozen, training starts at sigma {}",
                        trainer.reservoir().offered(), trainer.sigma());
            }
        }
    }

    private void startSigmaSelection() {
        SigmaSelector.Settings selecting = ((SigmaChoice.Selected) settings.density().sigma()).selecting();
        LOG.info("selecting sigma for model '{}' on {} points: {} candidates, 2 short fits of {} steps each",
                modelName, trainer.reservoir().size(), selecting.grid().length, selecting.stepsPerCandidate());
        SigmaSelector.Progress progress = candidate -> {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("the trainer closed");
            }
            LOG.info("sigma selection: {}", candidate.describe());
        };
        var task = trainer.sigmaSelectionTask(progress);
        selectionThread = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dde-sigma-selection-" + modelName);
            thread.setDaemon(true);
            return thread;
        });
        selection = selectionThread.submit(task::get);
    }

    /** Starts the learner once the selection has finished: at its sigma, or at the fallback if it failed. */
    private void finishSigmaSelection() {
        try {
            SigmaSelection chosen = selection.get();
            trainer.startLearning(chosen);
            LOG.info("sigma {} selected in {} s: {}", chosen.chosen(), String.format("%.0f", chosen.seconds()),
                    chosen.reason());
        } catch (ExecutionException | CancellationException e) {
            trainer.startLearningAtFallbackSigma();
            LOG.warn("the sigma selection failed ({}): learning at the fallback sigma {}", String.valueOf(
                    e.getCause() != null ? e.getCause() : e), trainer.sigma());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        stopSelectionThread();
        store.saveCheckpoint(trainer.checkpoint());
        metrics.update(trainer);
    }

    private void stopSelectionThread() {
        if (selection != null) {
            selection.cancel(true);
            selection = null;
        }
        if (selectionThread != null) {
            selectionThread.shutdownNow();
            selectionThread = null;
        }
    }

    private void trainingRound(long now) {
        if (selection != null && selection.isDone()) {
            finishSigmaSelection();
        }
        long refusedBefore = trainer.refusedSteps();
        int taken = trainer.train(settings.stepBudget().toNanos(), now, metrics::stepTook);
        long refused = trainer.refusedSteps() - refusedBefore;
        if (refused > 0 && (lastRefusalLogMillis < 0 || now - lastRefusalLogMillis >= REFUSAL_LOG_INTERVAL_MILLIS)) {
            lastRefusalLogMillis = now;
            LOG.warn("refused {} of {} denoising steps this round as divergent (non-finite loss or exploding "
                    + "gradient): the weights stay at the last good state; {} accepted, {} refused so far", refused,
                    taken, trainer.steps(), trainer.refusedSteps());
        }
        if (trainer.publishDue(now)) {
            publish(now);
        }
        metrics.update(trainer);
    }

    private void publish(long now) {
        DensityModel model;
        try {
            model = trainer.publish(now);
        } catch (IllegalArgumentException e) {
            // E.g. an energy that is not finite on some proposal sample: keep training, try again next round.
            LOG.warn("could not publish a model after step {}: {}", trainer.steps(), e.getMessage());
            return;
        }
        byte[] snapshot = DensityModelCodec.encode(model);
        store.saveModel(snapshot);
        TrainerCheckpoint checkpoint = trainer.checkpoint();
        if (checkpoint != null) { // none for a provisional learner: a restart selects again
            store.saveCheckpoint(checkpoint);
        }
        context.forward(new Record<>(modelName, snapshot, now));
        LOG.info("published {}model '{}' version {}: sigma {}, {} steps, loss {}, {}",
                model.provisional() ? "provisional " : "", modelName, model.provenance().version(), model.sigma(),
                model.provenance().steps(), String.format("%.4f", trainer.smoothedLoss()),
                model.logPartition().describe());
    }

    @Override
    public void close() {
        if (rounds != null) {
            rounds.cancel();
        }
        stopSelectionThread();
    }
}
