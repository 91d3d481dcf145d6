/**
 * The live page's data: {@link io.ddestream.observability.live.LiveFeed} follows the models, points, scores and
 * samples topics (read-committed, assigned partitions, no consumer group) into
 * {@link io.ddestream.observability.live.LiveView}'s bounded buffers; the view answers the page's JSON
 * ({@link io.ddestream.observability.live.LiveJson}) with recent points, samples, the score histogram, recent
 * anomalies and the newest model's density on a grid ({@link io.ddestream.observability.live.DensityGrid}).
 */
package io.ddestream.observability.live;
