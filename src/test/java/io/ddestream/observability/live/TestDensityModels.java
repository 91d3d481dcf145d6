package io.ddestream.observability.live;

import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.LogPartition;
import io.ddestream.engine.density.Provenance;
import io.ddestream.engine.density.ScoreCalibration;
import io.ddestream.engine.density.Standardizer;
import io.ddestream.engine.nn.EnergyNetwork;
import io.ddestream.engine.nn.NetworkShape;
import org.nd4j.linalg.api.buffer.DataType;

import java.time.Instant;
import java.util.List;
import java.util.Random;

/** Untrained but complete density models (a random small network), made in milliseconds: for plumbing tests. */
final class TestDensityModels {

    private TestDensityModels() {
    }

    /** A model of the given features with means 1, 2, 3, ... and stds 0.5, 1, 1.5, ... */
    static DensityModel untrained(List<String> features, long version) {
        int d = features.size();
        double[] mean = new double[d];
        double[] std = new double[d];
        for (int i = 0; i < d; i++) {
            mean[i] = i + 1;
            std[i] = 0.5 * (i + 1);
        }
        EnergyNetwork network = EnergyNetwork.initialize(new NetworkShape(d, 8, 2), DataType.FLOAT, new Random(3));
        double[] trainingScores = new double[200];
        for (int i = 0; i < trainingScores.length; i++) {
            trainingScores[i] = i / 20.0;
        }
        return new DensityModel(features, Standardizer.of(mean, std), network, 0.1,
                new LogPartition(0.5, 0.01, 900, 1000, d), ScoreCalibration.fromScores(trainingScores), 0.01,
                new Provenance(new TrainingConfig(64, 4, 512, 1e-3, SigmaSchedule.constant(0.2), 1L, 1e4), 100, 0,
                        1000, version, Instant.ofEpochMilli(1_000),
                        "test"));
    }
}
