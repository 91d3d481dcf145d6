package io.ddestream.streaming.process;

/** The HTTP server of a {@link StreamingProcess} cannot listen where it was asked to (a taken port, a foreign host). */
public final class HttpUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    HttpUnavailableException(String host, int port, Throwable cause) {
        super("cannot serve HTTP on " + host + ":" + port + " (" + cause.getMessage() + ")", cause);
    }
}
