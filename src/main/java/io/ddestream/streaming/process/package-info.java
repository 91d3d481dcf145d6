/**
 * One process's roles and what they serve ({@link io.ddestream.streaming.process.StreamingProcess}): the topics,
 * the process's metrics, the roles and the HTTP server with {@code /metrics}, {@code /health} and the live page.
 * Apart from {@link io.ddestream.streaming} because it wires in {@link io.ddestream.observability}, which itself
 * reads the streaming layer.
 */
package io.ddestream.streaming.process;
