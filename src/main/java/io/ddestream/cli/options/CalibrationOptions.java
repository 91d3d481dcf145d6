package io.ddestream.cli.options;

import io.ddestream.engine.density.CalibrationSettings;
import picocli.CommandLine.Option;

/** The options of {@link CalibrationSettings}: the models' log Z samples and false-alarm rate. */
public final class CalibrationOptions {

    @Option(names = "--false-alarm-rate", paramLabel = "R", defaultValue = "0.01",
            description = "Share of normal points the anomaly flag may raise (default ${DEFAULT-VALUE}).")
    double falseAlarmRate;

    @Option(names = "--normalizer-samples", paramLabel = "N",
            description = "Importance samples for each model's log Z (default 20000 for 'dde fit', 5000 for each model "
                    + "a stream's trainer publishes).")
    Integer normalizerSamples;

    /** The settings, with {@code defaultSamples} unless {@code --normalizer-samples} was given. */
    public CalibrationSettings settings(int defaultSamples) {
        return new CalibrationSettings(normalizerSamples != null ? normalizerSamples : defaultSamples, falseAlarmRate);
    }
}
