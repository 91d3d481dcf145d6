package io.ddestream.streaming;

import io.ddestream.testing.TestSettings;
import io.ddestream.data.ToyDistribution;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.density.DensityFitter;
import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.engine.density.Provenance;

import java.util.Random;

/** A small model of the 8-gaussians toy (features x, y), fitted once per JVM, in any version. */
final class TestModels {

    private static DensityModel eightGaussians;

    private TestModels() {
    }

    static synchronized DensityModel eightGaussians() {
        if (eightGaussians == null) {
            double[][] rows = ToyDistribution.EIGHT_GAUSSIANS.sample(4000, new Random(7));
            TrainingConfig config = new TrainingConfig(32, 3, 256, 1e-3, SigmaSchedule.constant(0.1), 7, 1e4);
            eightGaussians = DensityFitter.fit(ToyDistribution.EIGHT_GAUSSIANS.columns(), rows,
                    TestSettings.density(config, 4000), 1500, DensityFitter.Progress.NONE);
        }
        return eightGaussians;
    }

    static DensityModel eightGaussians(long version) {
        DensityModel m = eightGaussians();
        Provenance p = m.provenance();
        return new DensityModel(m.features(), m.standardizer(), m.network(), m.sigma(), m.logPartition(),
                m.calibration(), m.falseAlarmRate(), new Provenance(p.training(), p.steps(), p.refusedSteps(),
                p.trainingPoints(), version, p.createdAt(), p.build()));
    }

    static byte[] snapshot(long version) {
        return DensityModelCodec.encode(eightGaussians(version));
    }
}
