package io.ddestream.cli;

import io.ddestream.observability.HttpLimits;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * Where a process running roles serves {@code /metrics}, {@code /health} and the live page, and the server's limits.
 * A server that cannot listen there is reported by {@link UserErrors} with a hint to these options.
 */
final class HttpOptions {

    static final String DEFAULT_HOST = "127.0.0.1";

    @Option(names = "--http-host", defaultValue = DEFAULT_HOST, paramLabel = "HOST",
            description = "Address of the HTTP server (/metrics, /health, the live page); 0.0.0.0 serves every "
                    + "interface (default ${DEFAULT-VALUE}: this host only).")
    String host = DEFAULT_HOST;

    @Option(names = "--http-port", defaultValue = "8080", paramLabel = "PORT",
            description = "Port of the HTTP server; 0 picks a free one, printed at start (default ${DEFAULT-VALUE}).")
    int port = 8080;

    @Option(names = "--http-read-timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "Close an HTTP connection on which nothing arrives for this long: a half-sent request or an "
                    + "idle keep-alive (default ${DEFAULT-VALUE}).")
    double readTimeoutSeconds = 10;

    @Option(names = "--http-max-connections", defaultValue = "64", paramLabel = "N",
            description = "Open HTTP connections at most; more wait to be accepted (default ${DEFAULT-VALUE}).")
    int maxConnections = 64;

    /** The server's limits from these options; a clear error for a bad value. */
    HttpLimits limits() {
        if (!(readTimeoutSeconds > 0) || readTimeoutSeconds > 3600) {
            throw new UserException("--http-read-timeout must be in (0, 3600] seconds, got " + readTimeoutSeconds);
        }
        if (maxConnections < 1) {
            throw new UserException("--http-max-connections must be at least 1, got " + maxConnections);
        }
        Duration readTimeout = Duration.ofMillis(Math.max(1, Math.round(readTimeoutSeconds * 1000)));
        return HttpLimits.DEFAULTS.withReadTimeout(readTimeout).withMaxConnections(maxConnections);
    }
}
