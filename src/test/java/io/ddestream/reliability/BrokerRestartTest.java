package io.ddestream.reliability;

import io.ddestream.testing.TestSettings;
import io.ddestream.cli.DdeCommand;
import io.ddestream.engine.dde.SigmaSchedule;
import io.ddestream.engine.dde.TrainingConfig;
import io.ddestream.streaming.StreamingApp;
import io.ddestream.streaming.StreamingConfig;
import io.ddestream.streaming.TopicSetup;
import io.ddestream.streaming.Topics;
import io.ddestream.engine.density.TrainerSettings;
import io.ddestream.testing.ChildJvm;
import io.ddestream.testing.CommittedReader;
import io.ddestream.testing.ExactlyOnce;
import io.ddestream.testing.IntegrationTest;
import io.ddestream.testing.PointSender;
import io.ddestream.testing.PublishedVersions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Must-show 2: the broker runs in its own JVM ({@code dde broker}, the embedded KRaft broker on a fixed port and a
 * kept log directory); it is killed (SIGKILL) mid-stream and restarted on the same port and data, while every role
 * runs in this JVM and points keep being produced. Nothing is lost or duplicated, and the roles carry on.
 */
@Timeout(240)
@IntegrationTest
class BrokerRestartTest {

    /** An upper bound: the sender stops once scores flow again after the restart. */
    private static final int MAX_POINTS = 100_000;
    private static final double RATE = 300;
    private static final Duration DOWNTIME = Duration.ofSeconds(3);

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("localhost", 0));
            return socket.getLocalPort();
        }
    }

    private static ChildJvm startBroker(String name, int port, Path dataDir) throws Exception {
        ChildJvm broker = ChildJvm.start(name, CrashRecoveryTest.LOGS.resolve("broker-restart"),
                DdeCommand.class.getName(), List.of("-Xmx512m"),
                List.of("broker", "--port", String.valueOf(port), "--log-dir", dataDir.toString()));
        broker.awaitOutput("dde broker: bootstrap servers", Duration.ofSeconds(90));
        return broker;
    }

    private static TrainerSettings smallTrainer() {
        TrainingConfig training = new TrainingConfig(16, 2, 64, 1e-3, SigmaSchedule.constant(0.1), 5, 1e4);
        return TestSettings.trainer(training, 2000).withWarmup(300, 2000)
                .withPublishing(100, Duration.ofSeconds(2));
    }

    private static StreamingApp startRoles(StreamingConfig config) throws InterruptedException {
        StreamingApp app = StreamingApp.start(config, EnumSet.allOf(StreamingApp.Role.class),
                new SimpleMeterRegistry());
        assertThat(app.awaitRunning(Duration.ofSeconds(60))).as("roles running").isTrue();
        return app;
    }

    @Test
    @SuppressWarnings("try") // the roles are closed explicitly while the broker still runs, so they leave cleanly
    void shouldLoseAndDuplicateNothingWhenTheBrokerIsKilledAndRestartedMidStream(@TempDir Path brokerData,
                                                                                 @TempDir Path stateDir)
            throws Exception {
        int port = freePort();
        Map<String, String> client = Map.of("bootstrap.servers", "localhost:" + port);
        Topics topics = new Topics("restart");
        ChildJvm firstBroker = startBroker("broker-before-kill", port, brokerData);
        try (Admin admin = Admin.create(new HashMap<>(client))) {
            TopicSetup.ensure(admin, topics, 2);
        }
        // The roles wait at most 2 s for a broker before an operation fails (Kafka's default is 60 s), so that the
        // outage below outlasts it: the roles must survive operations that time out, not only slow ones.
        Map<String, String> roleClient = Map.of("bootstrap.servers", "localhost:" + port, "max.block.ms", "2000");
        StreamingConfig config = new StreamingConfig(roleClient, topics, List.of("x", "y"), "default", "restart",
                stateDir, StreamingConfig.EXACTLY_ONCE, 1, 65_536, smallTrainer());
        List<PublishedVersions> roles = PublishedVersions.everyPublishingRole(topics);
        List<PublishedVersions.Reader> publishers = new ArrayList<>();
        roles.forEach(role -> publishers.add(role.reader(client)));
        try (firstBroker;
             StreamingApp app = startRoles(config);
             PointSender sender = PointSender.start(client, topics.points().name(), "b", MAX_POINTS, RATE, 2);
             CommittedReader scores = new CommittedReader(client, topics.scores().name())) {
            // Given every role at work: scores flowing, each publisher at version 2 or newer
            List<PublishedVersions.Version> before = new ArrayList<>();
            for (PublishedVersions.Reader publisher : publishers) {
                publisher.awaitVersion(2, Duration.ofSeconds(90));
            }
            for (PublishedVersions.Reader publisher : publishers) {
                before.add(publisher.newest());
            }
            // When the broker is killed, stays down for a while (the producer waits), and is started again
            firstBroker.kill();
            long sentAtKill = sender.sent();
            int scoredAtKill = scores.readFor(Duration.ofMillis(200)).size();
            long downSince = System.nanoTime();
            Thread.sleep(DOWNTIME.toMillis()); // holds the fault; nothing is asserted on time
            try (ChildJvm secondBroker = startBroker("broker-after-restart", port, brokerData)) {
                double secondsDown = (System.nanoTime() - downSince) / 1e9;
                // (points sent while it was down wait in the sender, which catches up when it is back)
                long resumeTarget = sentAtKill + (long) (3 * RATE);
                scores.readUntil(r -> r.size() > scoredAtKill + RATE && sender.sent() >= resumeTarget,
                        Duration.ofSeconds(120), () -> "scores or sending did not resume after the broker restart ("
                                + sender.sent() + " sent)");
                sender.stop();
                // Then every point is acknowledged and has exactly one score, and the roles are still running
                sender.awaitAcknowledged(Duration.ofSeconds(120));
                int scored = ExactlyOnce.assertEveryIdScoredOnce(scores, sender.ids(), Duration.ofSeconds(120),
                        () -> "broker output ends:\n" + secondBroker.tail(15));
                assertThat(app.running()).as("every role still running").isTrue();
                // And every publishing role continued from where it was
                List<String> progress = new ArrayList<>();
                for (int i = 0; i < publishers.size(); i++) {
                    PublishedVersions.Version after = publishers.get(i).assertContinuedFrom(before.get(i),
                            Duration.ofSeconds(90));
                    progress.add(roles.get(i).role() + " version " + before.get(i).version() + " -> "
                            + after.version());
                }
                System.out.printf("broker restart: %d points at %.0f/s; broker killed after %d sent, down %.1f s "
                                + "(restart included); %d scores, one per point (0 lost, 0 duplicated); %s%n", sender.sent(),
                        RATE, sentAtKill, secondsDown, scored, String.join("; ", progress));
                app.close();
                secondBroker.stop(Duration.ofSeconds(60));
            }
        } finally {
            publishers.forEach(PublishedVersions.Reader::close);
        }
    }
}
