package io.ddestream.engine.density;

/**
 * How a frozen density model is normalized and calibrated: importance samples for its log Z, and the share of
 * normal points its anomaly flag may raise. Immutable and validated once.
 */
public record CalibrationSettings(int normalizerSamples, double falseAlarmRate) {

    public CalibrationSettings {
        if (normalizerSamples < 100) {
            throw new IllegalArgumentException("normalizer samples must be >= 100, got " + normalizerSamples);
        }
        if (!(falseAlarmRate > 0 && falseAlarmRate < 1)) {
            throw new IllegalArgumentException("the false-alarm rate must be in (0, 1), got " + falseAlarmRate);
        }
    }
}
