package io.ddestream.streaming.demo;

import io.ddestream.streaming.PointFeed;
import io.ddestream.streaming.StreamingApp;
import io.ddestream.streaming.StreamingConfig;
import io.ddestream.streaming.Topics;
import io.ddestream.streaming.broker.EmbeddedKafkaBroker;
import io.ddestream.engine.generator.GeneratorServiceSettings;
import io.ddestream.observability.HttpLimits;
import io.ddestream.streaming.process.StreamingProcess;
import io.ddestream.engine.density.TrainerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Map;

/**
 * The whole streaming system in one process, started by {@link #start}: an embedded broker, every role with its
 * HTTP server ({@link StreamingProcess}, as {@code dde stream} runs them), a {@link ScoreWatch} on the output, and a
 * producer of a {@link DemoSource}'s points on a thread of its own. Closing stops everything in the reverse order
 * of starting (the producer first, the broker and the state directory last).
 */
public final class RunningDemo implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningDemo.class);

    /**
     * How to run the demo.
     *
     * @param brokerPort      the embedded broker's client port; 0 picks a free one
     * @param pointPartitions partitions of the points and scores topics
     * @param pointsPerSecond the producer's rate
     * @param trainer         the trainer role's settings
     * @param generator       the generator role's settings
     * @param latencyBound    the scorer times the points whose ts is within this of its clock
     * @param httpHost        where the HTTP server listens
     * @param httpPort        its port; 0 picks a free one
     * @param httpLimits      the HTTP server's timeouts and bounds
     */
    public record Settings(int brokerPort, int pointPartitions, double pointsPerSecond, TrainerSettings trainer,
                           GeneratorServiceSettings generator, Duration latencyBound, String httpHost, int httpPort,
                           HttpLimits httpLimits) {
    }

    private final DemoSource source;
    private final Deque<AutoCloseable> closers = new ArrayDeque<>();
    private StreamingProcess process;
    private PointFeed feed;
    private ScoreWatch watch;

    private RunningDemo(DemoSource source) {
        this.source = source;
    }

    /**
     * Starts the broker, the topics, the roles, the HTTP server and the live page's feed, the score watch, and the
     * producer. The caller closes what it returns; if starting fails, what was started is stopped.
     *
     * @throws IOException if the broker or its state directory cannot be set up
     * @throws io.ddestream.streaming.process.HttpUnavailableException if the HTTP server cannot listen where asked
     */
    public static RunningDemo start(DemoSource source, Settings settings) throws IOException, InterruptedException {
        RunningDemo demo = new RunningDemo(source);
        try {
            Path stateDir = Files.createTempDirectory("dde-demo-state-");
            demo.onClose(() -> deleteQuietly(stateDir));
            EmbeddedKafkaBroker broker = demo.onClose(EmbeddedKafkaBroker.start(settings.brokerPort(), null));
            Map<String, String> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            StreamingConfig config = new StreamingConfig(client, Topics.defaults(),
                    source.features(), "default", "dde-demo", stateDir, StreamingConfig.EXACTLY_ONCE, 1, 65536,
                    settings.trainer(), settings.generator()).withLatencyBound(settings.latencyBound());
            demo.process = demo.onClose(StreamingProcess.start(config, EnumSet.allOf(StreamingApp.Role.class),
                    settings.pointPartitions(), settings.httpHost(), settings.httpPort(), settings.httpLimits()));
            demo.feed = demo.onClose(new PointFeed(client, config.topics().points().name(), source.features(),
                    settings.pointsPerSecond()));
            demo.watch = demo.onClose(new ScoreWatch(client, config.topics().scores().name(),
                    config.topics().deadLetters().name()));
            Thread producer = new Thread(() -> produce(source, demo.feed), "dde-demo-producer");
            producer.setDaemon(true);
            demo.onClose(() -> {
                producer.interrupt();
                producer.join(5_000);
            });
            producer.start();
            return demo;
        } catch (Exception | Error e) {
            demo.close();
            throw e;
        }
    }

    private static void produce(DemoSource source, PointFeed feed) {
        try {
            source.emit(feed);
            feed.flush();
            LOG.info("the input is exhausted after {} points; the roles keep running", feed.sent());
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    /** Registers something to close with the demo; returns it. */
    private <T extends AutoCloseable> T onClose(T resource) {
        closers.push(resource);
        return resource;
    }

    public DemoSource source() {
        return source;
    }

    public StreamingConfig config() {
        return process.config();
    }

    /** The roles and their HTTP server. */
    public StreamingProcess process() {
        return process;
    }

    /** The producer of the source's points. */
    public PointFeed feed() {
        return feed;
    }

    public ScoreWatch watch() {
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

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
