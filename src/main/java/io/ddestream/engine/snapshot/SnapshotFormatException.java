package io.ddestream.engine.snapshot;

/**
 * Thrown when bytes are not a valid snapshot, or when a valid snapshot does not have the content
 * its reader expects (a missing tensor, a wrong shape or element type, another kind).
 *
 * <p>The message is a single line meant for the operator, e.g. {@code "checksum mismatch: snapshot
 * is corrupt"}. Unchecked, so that it can cross interfaces such as Kafka deserializers that do not
 * declare checked exceptions.
 */
public class SnapshotFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SnapshotFormatException(String message) {
        super(message);
    }

    public SnapshotFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
