package io.ddestream.cli;

import picocli.CommandLine.Option;

/**
 * Where a process running roles serves {@code /metrics}, {@code /health} and the live page. A server that cannot
 * listen there is reported by {@link UserErrors} with a hint to these options.
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
}
