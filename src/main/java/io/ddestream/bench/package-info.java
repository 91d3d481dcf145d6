/**
 * The {@code dde bench} subcommands ({@link io.ddestream.bench.BenchCommand}): harnesses that measure training,
 * scoring and generation speed, the held-out quality of models and generators, and ROC-AUC, apart from the
 * commands users run. Each prints its figures and, as its last line, one JSON object. {@code bench stream} alone
 * talks to Kafka: it runs the scorer and a pass-through topology on the embedded broker.
 */
package io.ddestream.bench;
