package io.ddestream.streaming.process;

import io.ddestream.observability.HttpLimits;
import io.ddestream.observability.Observability;
import io.ddestream.observability.ProcessMetrics;
import io.ddestream.streaming.StreamingApp;
import io.ddestream.streaming.StreamingConfig;
import io.ddestream.streaming.StreamsSettings;
import io.ddestream.streaming.TopicSetup;
import org.apache.kafka.clients.admin.Admin;

import java.io.IOException;
import java.util.Set;

/**
 * The roles of one process and what they serve, wired once for {@code dde stream} and {@code dde demo}: the topics
 * they need (created if missing), the process's metrics, the roles themselves ({@link StreamingApp}), and the HTTP
 * server with {@code /metrics}, {@code /health} and the live page ({@link Observability}).
 */
public final class StreamingProcess implements AutoCloseable {

    private final StreamingConfig config;
    private final ProcessMetrics metrics;
    private final StreamingApp app;
    private final Observability web;

    private StreamingProcess(StreamingConfig config, ProcessMetrics metrics, StreamingApp app, Observability web) {
        this.config = config;
        this.metrics = metrics;
        this.app = app;
        this.web = web;
    }

    /**
     * Creates the missing topics ({@code pointPartitions} for points and scores), then starts the roles and the
     * HTTP server on {@code httpHost:httpPort} (port 0: a free one). If anything fails, what was started is stopped.
     *
     * @throws HttpUnavailableException if the HTTP server cannot listen there
     * @throws IllegalStateException    if the topics cannot be listed or created
     */
    public static StreamingProcess start(StreamingConfig config, Set<StreamingApp.Role> roles, int pointPartitions,
                                         String httpHost, int httpPort, HttpLimits httpLimits)
            throws InterruptedException {
        try (Admin admin = Admin.create(StreamsSettings.client(config))) {
            TopicSetup.ensure(admin, config.topics(), pointPartitions);
        }
        ProcessMetrics metrics = ProcessMetrics.create();
        StreamingApp app = null;
        try {
            app = StreamingApp.start(config, roles, metrics.registry());
            Observability web;
            try {
                web = Observability.start(httpHost, httpPort, httpLimits, metrics.registry(), app, config);
            } catch (IOException e) {
                throw new HttpUnavailableException(httpHost, httpPort, e);
            }
            return new StreamingProcess(config, metrics, app, web);
        } catch (RuntimeException | Error e) {
            if (app != null) {
                app.close();
            }
            metrics.close();
            throw e;
        }
    }

    public StreamingConfig config() {
        return config;
    }

    /** The running roles: their states, and whether every one is still up. */
    public StreamingApp app() {
        return app;
    }

    /** The HTTP server: the live page at its base URL, {@code metrics} and {@code health} beside it. */
    public Observability web() {
        return web;
    }

    /** Stops the HTTP server, then the roles, then the metrics. */
    @Override
    public void close() {
        // Closed in the reverse order of the list, each even if one before it fails.
        try (metrics; app; web) {
            // nothing to do but close
        }
    }
}
