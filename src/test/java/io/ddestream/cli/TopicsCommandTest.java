package io.ddestream.cli;

import io.ddestream.streaming.Topics;
import io.ddestream.streaming.broker.EmbeddedKafkaBroker;
import io.ddestream.testing.IntegrationTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dde topics}, the deployments' one-shot topic creation, against a real (embedded) broker. */
@Timeout(120)
@IntegrationTest
class TopicsCommandTest {

    @Test
    void shouldCreateEveryTopicOnceWithItsSettingsAndLeaveThemOnARerun() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            // When topics runs twice, the second time with another partition count
            Run first = run("topics", "--bootstrap-servers", broker.bootstrapServers(), "--topic-prefix", "t1",
                    "--partitions", "3");
            Run second = run("topics", "--bootstrap-servers", broker.bootstrapServers(), "--topic-prefix", "t1",
                    "--partitions", "5");

            // Then both succeed and list every topic
            Topics topics = new Topics("t1");
            assertThat(first.code()).as(first.err()).isZero();
            assertThat(second.code()).as(second.err()).isZero();
            for (String name : topics.all()) {
                assertThat(first.out()).contains(name);
            }
            assertThat(first.out()).containsPattern("t1\\.points +3 partition");
            // And the first run's settings stay: points and scores with its partitions, the models compacted
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()))) {
                Map<String, TopicDescription> described = admin.describeTopics(topics.all()).allTopicNames().get();
                assertThat(described).containsOnlyKeys(topics.all());
                assertThat(described.get("t1.points").partitions()).hasSize(3);
                assertThat(described.get("t1.scores").partitions()).hasSize(3);
                assertThat(described.get("t1.points.valid").partitions()).hasSize(1);
                ConfigResource models = new ConfigResource(ConfigResource.Type.TOPIC, "t1.models");
                Config config = admin.describeConfigs(List.of(models)).all().get().get(models);
                assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                        .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
            }
            assertThat(second.out()).containsPattern("t1\\.points +3 partition");
        }
    }

    @Test
    void shouldFailWithOneLineWhenNoBrokerAnswersInTime() throws Exception {
        // Given an address where nothing listens
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // When topics waits one second for it
        Run run = run("topics", "--bootstrap-servers", "127.0.0.1:" + port, "--wait", "1");
        // Then it exits as a user error, naming the address, without a stack trace
        assertThat(run.code()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(run.err()).startsWith("dde topics: error: no topics on 127.0.0.1:" + port)
                .doesNotContain("\tat ");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cli = DdeCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
