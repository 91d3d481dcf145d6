package io.ddestream.reliability;

import io.ddestream.cli.DdeCommand;
import io.ddestream.streaming.TopicSetup;
import io.ddestream.streaming.Topics;
import io.ddestream.streaming.broker.EmbeddedKafkaBroker;
import io.ddestream.testing.ChildJvm;
import io.ddestream.testing.CommittedReader;
import io.ddestream.testing.ExactlyOnce;
import io.ddestream.testing.IntegrationTest;
import io.ddestream.testing.PointSender;
import io.ddestream.testing.PublishedVersions;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Must-show 1: the streaming roles ({@code dde stream --role all}, the real command line in a child JVM) are
 * killed with SIGKILL mid-stream and restarted on the same state directory. Every point gets exactly one score
 * (read committed), and every role that publishes snapshots continues from its state. The broker runs in this JVM.
 */
@Timeout(240)
@IntegrationTest
class CrashRecoveryTest {

    static final Path LOGS = Path.of("target", "reliability");
    /** An upper bound: the sender stops once the restarted roles score again. */
    private static final int MAX_POINTS = 100_000;
    private static final double RATE = 300;

    /**
     * {@code dde stream} arguments for a small, quick trainer. The short session timeout lets a restarted
     * instance take over its killed predecessor's partitions after 6 s instead of 45.
     */
    static List<String> streamArguments(String bootstrap, String prefix, Path stateDir, String... extra) {
        List<String> args = new ArrayList<>(List.of("stream", "--role", "all", "--features", "x,y",
                "--bootstrap-servers", bootstrap, "--topic-prefix", prefix, "--application-id-prefix", prefix,
                "--state-dir", stateDir.toString(), "--partitions", "2",
                "--warmup", "300", "--reservoir", "2000", "--width", "16", "--depth", "2", "--batch", "64",
                "--publish-every-steps", "100", "--publish-every-seconds", "2",
                // Sigma is selected on the warm-up, as by default, with shorter fits: a restart must resume at it
                "--select-steps", "300",
                "--kafka-property", "session.timeout.ms=6000", "--kafka-property", "heartbeat.interval.ms=1500"));
        args.addAll(List.of(extra));
        return args;
    }

    static ChildJvm startRoles(String name, Path logDir, List<String> args) throws IOException,
            InterruptedException {
        ChildJvm roles = ChildJvm.start(name, logDir, DdeCommand.class.getName(), List.of("-Xmx512m"), args);
        roles.awaitOutput("dde stream:", Duration.ofSeconds(90));
        return roles;
    }

    @Test
    void shouldScoreEveryPointExactlyOnceAndResumeTrainingAfterTheRolesAreKilledMidStream(@TempDir Path stateDir)
            throws Exception {
        Path logDir = LOGS.resolve("crash");
        Topics topics = new Topics("crash");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            Map<String, String> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            try (Admin admin = Admin.create(new HashMap<>(client))) {
                TopicSetup.ensure(admin, topics, 2);
            }
            List<String> args = streamArguments(broker.bootstrapServers(), "crash", stateDir);
            List<PublishedVersions> roles = PublishedVersions.everyPublishingRole(topics);
            List<PublishedVersions.Reader> publishers = new ArrayList<>();
            roles.forEach(role -> publishers.add(role.reader(client)));
            try (ChildJvm first = startRoles("roles-before-kill", logDir, args);
                 PointSender sender = PointSender.start(client, topics.points().name(), "c", MAX_POINTS, RATE, 1);
                 CommittedReader scores = new CommittedReader(client, topics.scores().name())) {
                // Given the roles scoring and training, each publisher with two final versions or more (the trainer's
                // provisional models, while it selects sigma, do not count: the kill comes after its selection)
                List<PublishedVersions.Version> before = new ArrayList<>();
                for (PublishedVersions.Reader publisher : publishers) {
                    publisher.awaitFinalVersions(2, Duration.ofSeconds(150));
                }
                scores.readFor(Duration.ofMillis(500));
                assertThat(first.output()).as("the trainer selected sigma on its warm-up").contains("selected in");
                // When the roles are killed (SIGKILL) while points keep coming
                first.kill();
                long sentAtKill = sender.sent();
                int scoredAtKill = scores.records().size();
                for (PublishedVersions.Reader publisher : publishers) {
                    before.add(publisher.newest());
                }
                // And restarted on the same state directory
                long restartNanos = System.nanoTime();
                try (ChildJvm second = startRoles("roles-after-restart", logDir, args)) {
                    scores.readUntil(r -> r.size() > scoredAtKill, Duration.ofSeconds(90),
                            () -> "no score after the restart; " + second.tail(20));
                    double secondsToFirstScore = (System.nanoTime() - restartNanos) / 1e9;
                    sender.stop();
                    sender.awaitAcknowledged(Duration.ofSeconds(60));

                    // Then every point has exactly one score, and nothing else is scored
                    int scored = ExactlyOnce.assertEveryIdScoredOnce(scores, sender.ids(), Duration.ofSeconds(120),
                            () -> second.tail(20));

                    // And the trainer resumed at the sigma it had selected, without selecting again
                    assertThat(second.output()).doesNotContain("selecting sigma");
                    // And every publishing role continued from its state
                    List<String> progress = new ArrayList<>();
                    for (int i = 0; i < publishers.size(); i++) {
                        PublishedVersions.Version after = publishers.get(i).assertContinuedFrom(before.get(i),
                                Duration.ofSeconds(90));
                        progress.add(roles.get(i).role() + " version " + before.get(i).version()
                                + " (" + before.get(i).steps() + " steps) at the kill -> version " + after.version()
                                + " (" + after.steps() + " steps)");
                    }
                    assertThat(second.stop(Duration.ofSeconds(60))).as("exit code after SIGTERM").isIn(0, 143);
                    System.out.printf("crash: %d points at %.0f/s; SIGKILL after %d sent and %d scored; restarted, "
                                    + "first new score %.1f s later; %d scores, one per point (0 duplicates, 0 missing); "
                                    + "%s%n", sender.sent(), RATE, sentAtKill, scoredAtKill, secondsToFirstScore,
                            scored, String.join("; ", progress));
                }
            } finally {
                publishers.forEach(PublishedVersions.Reader::close);
            }
        }
    }
}
