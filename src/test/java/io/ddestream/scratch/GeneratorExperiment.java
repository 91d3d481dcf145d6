package io.ddestream.scratch;

import io.ddestream.data.EightGaussians;
import io.ddestream.data.ToyDistribution;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.engine.density.DensityFitter;
import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.engine.density.Standardizer;
import io.ddestream.engine.generator.EnergyDistance;
import io.ddestream.engine.generator.GeneratorConfig;
import io.ddestream.engine.generator.GeneratorLearner;
import io.ddestream.engine.generator.Support;
import io.ddestream.engine.nn.GeneratorNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/** Scratch experiment (not committed). */
public class GeneratorExperiment {
    static double p(String k, double d) { return Double.parseDouble(System.getProperty(k, String.valueOf(d))); }

    public static void main(String[] args) throws Exception {
        String toyName = System.getProperty("toy", "8gaussians");
        ToyDistribution toy = ToyDistribution.fromName(toyName);
        double sigma = p("sigma", 0.1);
        long dsteps = (long) p("dsteps", 5000);
        long dseed = (long) p("dseed", 1);
        long gsteps = (long) p("gsteps", 3000);
        long every = (long) p("every", 500);
        double glr = p("glr", 1e-3);
        int k = (int) p("k", 5);
        int gwidth = (int) p("gwidth", 64), gdepth = (int) p("gdepth", 3);
        double[][] train = toy.sample(20_000, new Random(dseed));
        double sigma0 = p("sigma0", sigma);
        Path cache = Path.of("/tmp/exp/dm3-" + System.getProperty("xhold","") + System.getProperty("xfinal","") + "-" + toyName + "-" + sigma + "-" + dsteps + "-" + dseed + System.getProperty("dde.exp.lr", "") + (sigma0 != sigma ? "-from" + sigma0 : "") + ".ddesnap");
        DensityModel data;
        if (Files.exists(cache)) {
            data = DensityModelCodec.read(cache);
        } else {
            long stage = dsteps * 6 / 10 / 12;
            TrainingConfig config = TrainingConfig.defaults().withSigma(sigma0 == sigma ? SigmaSchedule.constant(sigma)
                    : SigmaSchedule.annealed(sigma0, sigma, stage, Math.pow(sigma / sigma0, 1.0 / 12))).withSeed(dseed);
            data = DensityFitter.fit(toy.columns(), train, new DensityFitter.Settings(config, dsteps, 20_000, 0.01, "x"),
                    DensityFitter.Progress.NONE);
            Files.createDirectories(cache.getParent());
            DensityModelCodec.write(cache, data);
        }
        Standardizer st = data.standardizer();
        double[][] reference = std(st, toy.sample(5000, new Random(dseed + 1)));
        double floor = 0;
        Random others = new Random(dseed + 2);
        for (int i = 0; i < 4; i++) floor += EnergyDistance.between(std(st, toy.sample(5000, others)), reference) / 4;
        System.out.printf(Locale.ROOT, "data model %s sigma %.2f steps %d: %s; floor %.5f%n", toyName, sigma, dsteps,
                toyName.equals("8gaussians") ? "mode mass " + fmt(modeMass(data)) : "", floor);
        GeneratorConfig gc = new GeneratorConfig(gwidth, gdepth, 512, glr, k, (long) p("gseed", 3));
        GeneratorLearner learner = GeneratorLearner.create(data, Support.of(train, st), gc);
        long t0 = System.nanoTime();
        while (learner.steps() < gsteps) {
            learner.step();
            if (learner.steps() % every == 0) {
                double[][] live = generate(learner.generator(), 5000, 11);
                double[][] avg = generate(learner.averagedGenerator(), 5000, 11);
                try (java.io.PrintWriter w = new java.io.PrintWriter("/tmp/exp/" + System.getProperty("name", "run") + ".csv")) {
                    for (double[] z : avg) { double[] x = st.destandardize(z); w.println(x[0] + "," + x[1]); }
                }
                System.out.printf(Locale.ROOT, "step %5d (%4.0fs) live ED %.5f (x%.1f) %s | avg ED %.5f (x%.1f) %s%n",
                        learner.steps(), (System.nanoTime() - t0) / 1e9,
                        EnergyDistance.between(live, reference), EnergyDistance.between(live, reference) / floor,
                        toyName.equals("8gaussians") ? fmt(shares(st, live)) : "",
                        EnergyDistance.between(avg, reference), EnergyDistance.between(avg, reference) / floor,
                        toyName.equals("8gaussians") ? fmt(shares(st, avg)) : "");
            }
        }
    }

    static double[][] generate(GeneratorNetwork g, int n, long seed) {
        Random r = new Random(seed);
        int d = g.shape().dimension();
        float[][] z = new float[n][d];
        for (float[] row : z) for (int i = 0; i < d; i++) row[i] = (float) r.nextGaussian();
        INDArray out = g.generate(Nd4j.createFromArray(z));
        return out.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    static double[][] std(Standardizer st, double[][] rows) {
        return Arrays.stream(rows).map(st::standardize).toArray(double[][]::new);
    }

    static double[] shares(Standardizer st, double[][] z) {
        double[] s = new double[8];
        lastRaw = new double[z.length][];
        int i = 0;
        for (double[] p : z) { double[] x = st.destandardize(p); lastRaw[i++] = x; s[EightGaussians.nearestMode(x[0], x[1])] += 1.0 / z.length; }
        return s;
    }

    static double[] modeMass(DensityModel m) {
        int n = 400; double lo = -6, hi = 6, h = (hi - lo) / n;
        double[][] pts = new double[n * n][];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) pts[i * n + j] = new double[]{lo + (i + .5) * h, lo + (j + .5) * h};
        double[] ld = m.logDensity(pts);
        double[] s = new double[8]; double tot = 0;
        for (int i = 0; i < pts.length; i++) { double w = Math.exp(ld[i]) * h * h; tot += w; s[EightGaussians.nearestMode(pts[i][0], pts[i][1])] += w; }
        for (int i = 0; i < 8; i++) s[i] /= tot;
        double m2 = 0;
        for (int i = 0; i < pts.length; i++) { double[] c = EightGaussians.means()[EightGaussians.nearestMode(pts[i][0], pts[i][1])]; m2 += Math.exp(ld[i]) * h * h / tot * (Math.pow(pts[i][0] - c[0], 2) + Math.pow(pts[i][1] - c[1], 2)); }
        double sraw = m.sigma() * m.standardizer().std()[0];
        double e2 = 0, etot = 0;
        for (int i = 0; i < pts.length; i++) { double w = Math.exp(EightGaussians.smoothedLogDensity(pts[i][0], pts[i][1], Math.pow(m.sigma() * m.standardizer().std()[0], 2), Math.pow(m.sigma() * m.standardizer().std()[1], 2))); double[] c = EightGaussians.means()[EightGaussians.nearestMode(pts[i][0], pts[i][1])]; etot += w; e2 += w * (Math.pow(pts[i][0] - c[0], 2) + Math.pow(pts[i][1] - c[1], 2)); }
        sraw = Math.sqrt(e2 / etot / 2 - EightGaussians.COMPONENT_VARIANCE);
        System.out.printf(Locale.ROOT, "model p~ rms per coord %.3f vs exact %.3f (mixture, no truncation)%n", Math.sqrt(m2 / 2), Math.sqrt(EightGaussians.COMPONENT_VARIANCE + sraw * sraw));
        double[] radial = new double[5];
        for (int i = 0; i < pts.length; i++) { double r = Math.hypot(pts[i][0], pts[i][1]); radial[r < 1.5 ? 0 : r < 2.3 ? 1 : r < 3.4 ? 2 : r < 4.5 ? 3 : 4] += Math.exp(ld[i]) * h * h / tot; }
        System.out.printf(Locale.ROOT, "radial mass r<1.5 %.4f, <2.3 %.4f, <3.4 %.4f, <4.5 %.4f, rest %.4f; shares %s%n", radial[0], radial[1], radial[2], radial[3], radial[4], Arrays.toString(Arrays.stream(s).map(v -> Math.round(v * 1000) / 10.0).toArray()));
        return s;
    }

    static double[][] lastRaw;
    static String fmt(double[] v) {
        double mn = 1, mx = 0; StringBuilder b = new StringBuilder();
        for (double x : v) { mn = Math.min(mn, x); mx = Math.max(mx, x); }
        String extra = "";
        if (lastRaw != null) {
            double far = 0, r2 = 0;
            for (double[] x : lastRaw) {
                double[] c = EightGaussians.means()[EightGaussians.nearestMode(x[0], x[1])];
                double dd = Math.hypot(x[0] - c[0], x[1] - c[1]);
                if (dd > 3 * Math.sqrt(EightGaussians.COMPONENT_VARIANCE)) far++;
                r2 += dd * dd;
            }
            extra = String.format(Locale.ROOT, " far %.1f%% rms %.3f", 100 * far / lastRaw.length, Math.sqrt(r2 / lastRaw.length / 2));
            lastRaw = null;
        }
        return String.format(Locale.ROOT, "[%.1f..%.1f%%]", 100 * mn, 100 * mx) + extra;
    }
}
