package io.ddestream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running one of dde's main classes on this test's own classpath, the way {@code bin/dde} runs it
 * ({@code --add-modules jdk.incubator.vector}, one BLAS thread), so that a test can kill it like a crash would
 * ({@link #kill()}: SIGKILL, no shutdown hooks, nothing flushed) or stop it like an operator ({@link #stop}:
 * SIGTERM). Its stdout and stderr go to a file under {@code target/} for diagnosis; failures quote its tail.
 */
public final class ChildJvm implements AutoCloseable {

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code mainClass} with {@code args}.
     *
     * @param name       names the log file, {@code <logDir>/<name>.log} (replaced if it exists)
     * @param jvmOptions e.g. {@code -Xmx384m}
     */
    public static ChildJvm start(String name, Path logDir, String mainClass, List<String> jvmOptions,
                                 List<String> args) throws IOException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-modules");
        command.add("jdk.incubator.vector");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath());
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("OMP_NUM_THREADS", "1");
        Files.writeString(log, "");
        return new ChildJvm(name, builder.start(), log);
    }

    /**
     * The classpath of this test JVM. Surefire runs tests from a manifest-only jar, and names the real classpath
     * in {@code surefire.test.class.path}.
     */
    private static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public Path logFile() {
        return log;
    }

    /** Everything the child has written so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of the output, for failure messages. */
    public String tail(int lines) {
        List<String> all = output().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /**
     * Waits until the output contains {@code fragment}; fails at once if the child exits first, and after
     * {@code timeout} otherwise, quoting the output's tail.
     */
    public void awaitOutput(String fragment, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().contains(fragment)) {
            if (!process.isAlive() && !output().contains(fragment)) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before printing '"
                        + fragment + "'; its output (" + log + ") ends:\n" + tail(40));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " did not print '" + fragment + "' within " + timeout
                        + "; its output (" + log + ") ends:\n" + tail(40));
            }
            Thread.sleep(100);
        }
    }

    /** Kills the child like a crash: SIGKILL on Linux, no shutdown hooks run. Waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " (pid " + pid() + ") survived SIGKILL for " + EXIT_TIMEOUT);
        }
    }

    /**
     * Asks the child to stop (SIGTERM: shutdown hooks run) and waits up to {@code timeout}; kills it if it does not
     * stop in time. Returns its exit code.
     */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw new AssertionError(name + " did not stop within " + timeout + " of SIGTERM; killed. Output ends:\n"
                    + tail(40));
        }
        return process.exitValue();
    }

    /** Kills the child if it is still running (a test that failed half-way leaves nothing behind). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
