package io.ddestream.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (or SIGTERM) as a request to stop: {@link #await} returns when it arrives, and the JVM waits at exit
 * until the command has closed its resources, up to a minute. Declare it first in a try-with-resources, so that
 * it closes last.
 */
final class StopSignal implements AutoCloseable {

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook = new Thread(this::onShutdown, "dde-shutdown");

    StopSignal() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void onShutdown() {
        stopRequested.countDown();
        try {
            closed.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for a stop request. */
    void await() throws InterruptedException {
        stopRequested.await();
    }

    /** Waits up to {@code timeout} for a stop request; true if one came. */
    boolean await(Duration timeout) throws InterruptedException {
        return stopRequested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: it is what waited for this close.
        }
    }
}
