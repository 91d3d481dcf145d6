package io.ddestream.cli;

import io.ddestream.observability.Observability;
import io.ddestream.streaming.StreamingApp;
import io.ddestream.streaming.StreamingConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine.Option;

import java.io.IOException;

/** Where a process running roles serves {@code /metrics}, {@code /health} and the live page. */
final class HttpOptions {

    static final String DEFAULT_HOST = "127.0.0.1";

    @Option(names = "--http-host", defaultValue = DEFAULT_HOST, paramLabel = "HOST",
            description = "Address of the HTTP server (/metrics, /health, the live page); 0.0.0.0 serves every "
                    + "interface (default ${DEFAULT-VALUE}: this host only).")
    String host = DEFAULT_HOST;

    @Option(names = "--http-port", defaultValue = "8080", paramLabel = "PORT",
            description = "Port of the HTTP server; 0 picks a free one, printed at start (default ${DEFAULT-VALUE}).")
    int port = 8080;

    /** Starts the live page's feed and the HTTP server for running roles. */
    Observability start(PrometheusMeterRegistry registry, StreamingApp app, StreamingConfig config) {
        try {
            return Observability.start(host, port, registry, app, config);
        } catch (IOException e) {
            throw new UserException("cannot serve HTTP on " + host + ":" + port + " (" + e.getMessage()
                    + "); choose another --http-port (0 picks a free one) or --http-host");
        }
    }
}
