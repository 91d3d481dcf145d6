package io.ddestream.observability;

import java.time.Duration;

/**
 * What bounds the HTTP server against slow, hostile or simply many clients (docs/security.md):
 *
 * @param readTimeout    a connection on which nothing arrives (or can be sent) for this long is closed: a request
 *                       line or headers left half-sent, or a keep-alive connection left idle; one whose request
 *                       line and headers keep trickling in is closed after two to three of these periods
 * @param maxConnections open connections at most; beyond it the server stops accepting until one closes (new
 *                       clients wait in the kernel's backlog instead of getting a thread or buffer each)
 * @param maxBusyRequests requests for {@code /metrics}, the live page and its JSON answered at once; more wait
 *                       (holding no thread) up to {@code readTimeout}, then get 503. {@code /health} is never
 *                       counted here nor kept waiting behind them
 */
public record HttpLimits(Duration readTimeout, int maxConnections, int maxBusyRequests) {

    /** 10 s without a byte, 64 connections, 4 busy requests at once. */
    public static final HttpLimits DEFAULTS = new HttpLimits(Duration.ofSeconds(10), 64, 4);

    /** The longest request line plus headers, in bytes (Jetty answers 414 or 431 beyond it). */
    public static final int MAX_REQUEST_HEADER_BYTES = 8 * 1024;

    public HttpLimits {
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("the HTTP read timeout must be positive, got " + readTimeout);
        }
        if (maxConnections < 1 || maxBusyRequests < 1) {
            throw new IllegalArgumentException("the HTTP server needs at least 1 connection and 1 busy request, got "
                    + maxConnections + " and " + maxBusyRequests);
        }
    }

    /** These limits with another read timeout. */
    public HttpLimits withReadTimeout(Duration timeout) {
        return new HttpLimits(timeout, maxConnections, maxBusyRequests);
    }

    /** These limits with another connection bound. */
    public HttpLimits withMaxConnections(int connections) {
        return new HttpLimits(readTimeout, connections, maxBusyRequests);
    }
}
