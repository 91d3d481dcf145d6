package io.ddestream.engine.generator;

import java.time.Instant;

/**
 * Where a generator came from: how it was trained, how far (its own steps, those refused, and the denoising
 * steps of its {@code s_q}), when, and by which build.
 */
public record GeneratorProvenance(GeneratorConfig config, long steps, long refusedSteps, long sqSteps,
                                  Instant createdAt, String build) {
}
