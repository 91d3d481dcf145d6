/**
 * The demo's runtime ({@link io.ddestream.streaming.demo.RunningDemo}): an embedded broker, every role wired as
 * {@code dde stream} wires them, a producer of a {@link io.ddestream.streaming.demo.DemoSource} (a toy with injected
 * anomalies, or a CSV replay), and a {@link io.ddestream.streaming.demo.ScoreWatch} that tallies the scores. The
 * {@code demo} command only parses its options, starts it and prints.
 */
package io.ddestream.streaming.demo;
