/**
 * What a running dde process shows about itself: the Prometheus meter registry with the JVM binders
 * ({@link io.ddestream.observability.ProcessMetrics}), and one HTTP server
 * ({@link io.ddestream.observability.ObservabilityServer}) for {@code /metrics}, {@code /health} and the live page.
 * Kafka is allowed here (role states, the live page's consumers); the engine stays free of it.
 */
package io.ddestream.observability;
