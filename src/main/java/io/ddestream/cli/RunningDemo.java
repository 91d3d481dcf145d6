package io.ddestream.cli;

import io.ddestream.observability.Observability;
import io.ddestream.streaming.PointFeed;
import io.ddestream.streaming.StreamingApp;
import io.ddestream.streaming.StreamingConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A started demo ({@link DemoCommand#start()}): what it runs, and everything to close, in the reverse order of
 * starting (the producer first, the broker and the state directory last).
 */
final class RunningDemo implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningDemo.class);

    private final String sourceDescription;
    private final Deque<AutoCloseable> closers = new ArrayDeque<>();
    private StreamingConfig config;
    private StreamingApp app;
    private Observability web;
    private PointFeed feed;
    private ScoreWatch watch;

    RunningDemo(String sourceDescription) {
        this.sourceDescription = sourceDescription;
    }

    /** Registers something to close with the demo; returns it. */
    <T extends AutoCloseable> T onClose(T resource) {
        closers.push(resource);
        return resource;
    }

    void started(StreamingConfig config, StreamingApp app, Observability web, PointFeed feed, ScoreWatch watch) {
        this.config = config;
        this.app = app;
        this.web = web;
        this.feed = feed;
        this.watch = watch;
    }

    String sourceDescription() {
        return sourceDescription;
    }

    StreamingConfig config() {
        return config;
    }

    StreamingApp app() {
        return app;
    }

    /** The HTTP server: the live page at its base URL, {@code metrics} and {@code health} beside it. */
    Observability web() {
        return web;
    }

    PointFeed feed() {
        return feed;
    }

    ScoreWatch watch() {
        return watch;
    }

    /** Closes everything started, newest first; a failure to close one thing is logged and the rest still close. */
    @Override
    public void close() {
        while (!closers.isEmpty()) {
            AutoCloseable resource = closers.pop();
            try {
                resource.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("while stopping the demo: {}", e.toString(), e);
            }
        }
    }
}
