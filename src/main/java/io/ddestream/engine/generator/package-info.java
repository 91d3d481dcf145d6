/**
 * A generator that learns to sample a fitted density by minimizing {@code KL(q~ || p~)} (docs/method.md section
 * 3): {@link io.ddestream.engine.generator.GeneratorLearner} trains the generator and its second DDE
 * {@code s_q} against a fixed data model, {@link io.ddestream.engine.generator.GeneratorFitter} runs it offline
 * and freezes the result into an immutable {@link io.ddestream.engine.generator.GeneratorModel}, which
 * {@link io.ddestream.engine.generator.GeneratorModelCodec} stores beside the data model in one snapshot.
 *
 * <p>Training happens in the data model's standardized space; samples come out in the user's units. The KL
 * estimate and the {@link io.ddestream.engine.generator.EnergyDistance} measure how good a generator is. The
 * networks themselves live in {@code io.ddestream.engine.nn}. Nothing here knows Kafka.
 */
package io.ddestream.engine.generator;
