package io.ddestream.data;

/**
 * A data file that cannot be used: missing, unreadable or malformed.
 *
 * <p>The message is a single line meant for the end user. It names the file and, where they apply,
 * the line (line 1 being the header) and the column at fault, for example {@code thyroid.csv line
 * 17, column "f3": "abc" is not a number}.
 */
public final class DataFileException extends RuntimeException {

    public DataFileException(String message) {
        super(message);
    }

    public DataFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
