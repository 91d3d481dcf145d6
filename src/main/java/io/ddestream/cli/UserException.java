package io.ddestream.cli;

/** An error the user can fix, reported as one line without a stack trace. */
public final class UserException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UserException(String message) {
        super(message);
    }
}
