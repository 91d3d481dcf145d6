package io.ddestream.engine.density;

import io.ddestream.engine.dde.TrainingConfig;

import java.time.Instant;

/**
 * Where a model came from: how it was trained, on how much data, how far, by which build, and its version
 * (monotonic per producer: the streaming trainer increases it with every snapshot).
 */
public record Provenance(TrainingConfig training, long steps, long refusedSteps, long trainingPoints, long version,
                         Instant createdAt, String build) {
}
