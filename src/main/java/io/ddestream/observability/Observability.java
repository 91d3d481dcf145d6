package io.ddestream.observability;

import io.ddestream.observability.live.LiveFeed;
import io.ddestream.observability.live.LiveView;
import io.ddestream.streaming.StreamingApp;
import io.ddestream.streaming.StreamingConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.net.URI;

/**
 * What a process running roles serves over HTTP: {@code /metrics} from the process's registry, {@code /health}
 * from the roles' states, and the live page, fed from the configured topics by its own consumer. Start it after
 * the roles; close it before them.
 */
public final class Observability implements AutoCloseable {

    private final LiveFeed feed;
    private final ObservabilityServer server;

    private Observability(LiveFeed feed, ObservabilityServer server) {
        this.feed = feed;
        this.server = server;
    }

    /**
     * Starts the live page's feed and the HTTP server.
     *
     * @param host where to bind (the command line's default is 127.0.0.1: this host only)
     * @param port the port; 0 picks a free one
     * @param limits the server's read timeout and connection bounds
     * @throws IOException if the address cannot be bound
     */
    public static Observability start(String host, int port, HttpLimits limits, PrometheusMeterRegistry registry,
                                      StreamingApp app, StreamingConfig config) throws IOException {
        LiveView view = new LiveView(config.features());
        LiveFeed feed = LiveFeed.start(config.clientProperties(), config.topics(), config.pointParser(),
                config.modelName(), view);
        try {
            return new Observability(feed, ObservabilityServer.start(host, port, limits, registry,
                    () -> RoleHealth.of(app.states()), view));
        } catch (IOException | RuntimeException e) {
            feed.close();
            throw e;
        }
    }

    /** The server's base URL: the live page; {@code metrics} and {@code health} resolve against it. */
    public URI baseUri() {
        return server.baseUri();
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        feed.close();
    }
}
