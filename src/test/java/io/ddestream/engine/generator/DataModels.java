package io.ddestream.engine.generator;

import io.ddestream.testing.TestSettings;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.density.DensityFitter;
import io.ddestream.engine.density.DensityModel;

import java.util.List;
import java.util.Random;

/** Small data models fitted quickly, for generator tests. */
final class DataModels {

    private DataModels() {
    }

    /** Points of a 2-D Gaussian with unit variances and the given correlation. */
    static double[][] correlatedGaussian(int n, double correlation, Random rng) {
        double[][] rows = new double[n][];
        double rest = Math.sqrt(1 - correlation * correlation);
        for (int i = 0; i < n; i++) {
            double x = rng.nextGaussian();
            rows[i] = new double[] {x, correlation * x + rest * rng.nextGaussian()};
        }
        return rows;
    }

    /** A width-32, depth-2 DDE fitted to the rows at sigma 0.2. */
    static DensityModel fit(double[][] rows, long steps) {
        TrainingConfig config = new TrainingConfig(32, 2, 512, 1e-3, SigmaSchedule.constant(0.2), 5, 1e4);
        return DensityFitter.fit(List.of("a", "b"), rows, TestSettings.density(config, 5000), steps,
                DensityFitter.Progress.NONE);
    }
}
