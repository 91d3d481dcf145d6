package io.ddestream.streaming.broker;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node Kafka broker in this JVM: one KRaft process acting as broker and controller, with its client
 * listener on localhost (docs/security.md): PLAINTEXT by default, or secured ({@link Security}: SASL and/or TLS) for
 * tests of client security. The demo, {@code dde broker} and the integration tests run on it; in production the
 * roles talk to any Kafka cluster instead.
 *
 * <p>{@link #start} formats the log directory with {@code StorageTool.execute} (never its {@code main}, which
 * exits the JVM), starts {@code KafkaRaftServer}, and returns once an admin client can describe the cluster.
 * {@link #close} stops the server and deletes the log directory if the broker created it.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path logDir;
    private final boolean ownsLogDir;
    private final Security security;

    /**
     * How the client listener is secured.
     *
     * @param protocol         the listener's security protocol: {@code PLAINTEXT}, {@code SSL},
     *                         {@code SASL_PLAINTEXT} or {@code SASL_SSL}; it is also the listener's name, and the
     *                         broker talks to itself (transaction markers) through it
     * @param serverProperties broker settings the protocol needs, e.g. {@code sasl.enabled.mechanisms},
     *                         {@code listener.name.sasl_ssl.plain.sasl.jaas.config}, {@code ssl.keystore.*},
     *                         {@code sasl.mechanism.inter.broker.protocol}
     * @param clientProperties what a client needs to connect (the broker's own readiness check uses them):
     *                         {@code security.protocol}, {@code sasl.*}, {@code ssl.truststore.*}
     */
    public record Security(String protocol, Map<String, String> serverProperties,
                           Map<String, String> clientProperties) {

        public Security {
            if (!Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL").contains(protocol)) {
                throw new IllegalArgumentException("unknown security protocol '" + protocol + "'");
            }
            serverProperties = Map.copyOf(serverProperties);
            clientProperties = Map.copyOf(clientProperties);
        }

        /** No security: the default, for local work. */
        public static Security plaintext() {
            return new Security("PLAINTEXT", Map.of(), Map.of());
        }

        /** Names the settings, never their values (they hold passwords). */
        @Override
        public String toString() {
            return protocol + " (server settings " + new TreeSet<>(serverProperties.keySet()) + ")";
        }
    }

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path logDir, boolean ownsLogDir,
                                Security security) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.logDir = logDir;
        this.ownsLogDir = ownsLogDir;
        this.security = security;
    }

    /** A broker on free ports with its data in a fresh temporary directory, deleted on {@link #close}. */
    public static EmbeddedKafkaBroker start() throws IOException {
        return start(0, null);
    }

    /**
     * A broker listening on {@code port} (0: a free one) with its data in {@code logDir} (null: a fresh temporary
     * directory, deleted on {@link #close}; otherwise kept, and reused if already formatted).
     */
    public static EmbeddedKafkaBroker start(int port, Path logDir) throws IOException {
        return start(port, logDir, Security.plaintext());
    }

    /** As {@link #start(int, Path)}, with the client listener secured as {@code security} says. */
    public static EmbeddedKafkaBroker start(int port, Path logDir, Security security) throws IOException {
        boolean owned = logDir == null;
        Path dir = owned ? Files.createTempDirectory("dde-kafka-") : Files.createDirectories(logDir);
        int brokerPort = port == 0 ? freePort() : port;
        Path configFile = dir.resolve("server.properties");
        // A formatted log records the controller's endpoint among the voters: a kept directory keeps its port.
        int controllerPort = Files.exists(configFile) ? previousControllerPort(configFile) : freePort();
        Properties props = serverProperties(dir, brokerPort, controllerPort, security);
        try (OutputStream out = Files.newOutputStream(configFile)) {
            props.store(out, "dde embedded broker");
        }
        if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
            format(configFile); // a kept directory is formatted once, with its cluster id for good
        }
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
        String bootstrap = "localhost:" + brokerPort;
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, bootstrap, dir, owned, security);
        try {
            server.startup();
            broker.awaitReady();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        LOG.info("embedded Kafka broker ready on {} ({}, data in {})", bootstrap, security.protocol(), dir);
        return broker;
    }

    private static Properties serverProperties(Path dir, int brokerPort, int controllerPort, Security security) {
        String listener = security.protocol();
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.bootstrap.servers", "localhost:" + controllerPort),
                Map.entry("listeners", listener + "://localhost:" + brokerPort + ",CONTROLLER://localhost:"
                        + controllerPort),
                Map.entry("advertised.listeners", listener + "://localhost:" + brokerPort),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:PLAINTEXT"),
                Map.entry("inter.broker.listener.name", listener),
                Map.entry("log.dirs", dir.resolve("data").toString()),
                // One node: every replication factor and minimum ISR is 1.
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("default.replication.factor", "1"),
                Map.entry("min.insync.replicas", "1"),
                Map.entry("num.partitions", "1"),
                // Consumer groups (Streams apps) start at once instead of waiting 3 s for more members.
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // The cleaner (compacted models and changelog topics) otherwise reserves ~128 MiB of heap.
                Map.entry("log.cleaner.dedupe.buffer.size", "4194304"),
                // Model snapshots and trainer checkpoints are single large records.
                Map.entry("message.max.bytes", String.valueOf(16 << 20))));
        p.putAll(security.serverProperties());
        return p;
    }

    private static int previousControllerPort(Path configFile) throws IOException {
        Properties previous = new Properties();
        try (var in = Files.newInputStream(configFile)) {
            previous.load(in);
        }
        String bootstrap = previous.getProperty("controller.quorum.bootstrap.servers", "");
        try {
            return Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        } catch (NumberFormatException e) {
            throw new IOException(configFile + ": no controller port in controller.quorum.bootstrap.servers", e);
        }
    }

    private static void format(Path configFile) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            rc = kafka.tools.StorageTool.execute(new String[] {"format", "--cluster-id", Uuid.randomUuid().toString(),
                    "--config", configFile.toString(), "--standalone"}, out);
        }
        if (rc != 0) {
            throw new IllegalStateException("formatting the broker's log directory failed: "
                    + captured.toString(StandardCharsets.UTF_8).trim());
        }
    }

    private void awaitReady() {
        Properties admin = new Properties();
        admin.putAll(clientProperties());
        try (Admin client = Admin.create(admin)) {
            client.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the embedded broker did not become ready within " + READY_TIMEOUT, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("localhost", 0));
            return socket.getLocalPort();
        }
    }

    /** {@code host:port} for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** What a client needs to connect: {@code bootstrap.servers}, and the security settings if any. */
    public Map<String, String> clientProperties() {
        Map<String, String> props = new HashMap<>(security.clientProperties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return Map.copyOf(props);
    }

    public Path logDir() {
        return logDir;
    }

    /** Stops the broker and waits for it; deletes the log directory if this broker created it. */
    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (ownsLogDir) {
            deleteRecursively(logDir);
        }
        LOG.info("embedded Kafka broker on {} stopped", bootstrapServers);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete the broker's log directory {}: {}", dir, e.getMessage());
        }
    }
}
