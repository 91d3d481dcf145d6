package io.ddestream.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what this JVM writes to standard error (where slf4j-simple logs) while still passing it through, so a
 * test can check its log lines. Close it to restore the original stream.
 */
public final class CapturedLog implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private CapturedLog() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (captured) {
                    captured.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (captured) {
                    captured.write(b, off, len);
                }
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** Starts capturing standard error. */
    public static CapturedLog start() {
        return new CapturedLog();
    }

    /** Everything written since the start. */
    public String text() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    /** The captured lines that contain {@code fragment}. */
    public java.util.List<String> linesContaining(String fragment) {
        return text().lines().filter(line -> line.contains(fragment)).toList();
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
