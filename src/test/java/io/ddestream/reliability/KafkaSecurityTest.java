package io.ddestream.reliability;

import io.ddestream.cli.DdeCommand;
import io.ddestream.streaming.PointFeed;
import io.ddestream.streaming.PointValidator;
import io.ddestream.streaming.StreamsSettings;
import io.ddestream.streaming.Topics;
import io.ddestream.streaming.broker.EmbeddedKafkaBroker;
import io.ddestream.testing.CapturedLog;
import io.ddestream.testing.ChildJvm;
import io.ddestream.testing.CommittedReader;
import io.ddestream.testing.ExactlyOnce;
import io.ddestream.testing.IntegrationTest;
import io.ddestream.testing.TestCertificates;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Must-show 6: Kafka client security through ordinary Kafka properties. The embedded broker's only client listener
 * is SASL_SSL (TLS with a certificate made by keytool for this test, SASL PLAIN users); {@code dde stream} (the
 * real command line, in a child JVM) reaches it through {@code --kafka-config client.properties} alone, scores
 * points and enforces {@code --max-point-bytes} end to end; clients without credentials, with a wrong password or
 * without the CA are refused; and neither process prints a secret.
 */
@Timeout(240)
@IntegrationTest
class KafkaSecurityTest {

    private static final String PLAIN = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final int MAX_POINT_BYTES = 256;

    private static String jaas(String user, String password) {
        return PLAIN + " required username=\"" + user + "\" password=\"" + password + "\";";
    }

    private static void write(Path file, Map<String, String> properties) throws IOException {
        Properties p = new Properties();
        p.putAll(properties);
        try (Writer out = Files.newBufferedWriter(file)) {
            p.store(out, "Kafka client settings");
        }
    }

    /** Tries to describe the cluster with these client settings; returns the exception that refused it. */
    private static Throwable refusal(Map<String, String> client) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().nodes().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("a client with " + client.keySet() + " was let in");
    }

    @Test
    void shouldRunTheRolesOverSaslSslConfiguredByClientPropertiesAndRefuseEveryoneElse(@TempDir Path dir)
            throws Exception {
        TestCertificates certificates = TestCertificates.generate(dir);
        String ddePassword = "dde-" + UUID.randomUUID();
        String brokerPassword = "broker-" + UUID.randomUUID();
        List<String> secrets = List.of(ddePassword, brokerPassword, certificates.password());
        Map<String, String> trust = Map.of("ssl.truststore.location", certificates.truststore().toString(),
                "ssl.truststore.type", "PKCS12", "ssl.truststore.password", certificates.password());
        Map<String, String> clientSecurity = new HashMap<>(trust);
        clientSecurity.putAll(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", jaas("dde", ddePassword)));
        Map<String, String> server = new HashMap<>(trust);
        server.putAll(Map.of(
                "sasl.enabled.mechanisms", "PLAIN",
                "sasl.mechanism.inter.broker.protocol", "PLAIN",
                "listener.name.sasl_ssl.plain.sasl.jaas.config", PLAIN + " required username=\"broker\" password=\""
                        + brokerPassword + "\" user_broker=\"" + brokerPassword + "\" user_dde=\"" + ddePassword
                        + "\";",
                "ssl.keystore.location", certificates.keystore().toString(),
                "ssl.keystore.type", "PKCS12",
                "ssl.keystore.password", certificates.password(),
                "ssl.key.password", certificates.password()));

        try (CapturedLog testLog = CapturedLog.start();
             EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, null,
                     new EmbeddedKafkaBroker.Security("SASL_SSL", server, clientSecurity))) {
            String bootstrap = broker.bootstrapServers();
            Map<String, String> client = broker.clientProperties();

            // Given a broker that only speaks SASL_SSL: a client without credentials, one with a wrong password,
            // and one that does not trust the broker's certificate are refused
            assertThat(refusal(Map.of("bootstrap.servers", bootstrap))).isInstanceOf(TimeoutException.class);
            Map<String, String> wrongPassword = new HashMap<>(client);
            wrongPassword.put("sasl.jaas.config", jaas("dde", "not-the-password"));
            assertThat(refusal(wrongPassword)).isInstanceOf(SaslAuthenticationException.class);
            Map<String, String> untrusting = new HashMap<>(client);
            trust.keySet().forEach(untrusting::remove);
            assertThat(refusal(untrusting)).isInstanceOf(SslAuthenticationException.class);

            // When dde stream runs with nothing but a client properties file for security
            Path properties = dir.resolve("client.properties");
            write(properties, clientSecurity);
            Topics topics = new Topics("secure");
            List<String> args = List.of("stream", "--role", "all", "--features", "x,y", "--bootstrap-servers",
                    bootstrap, "--kafka-config", properties.toString(), "--topic-prefix", "secure",
                    "--application-id-prefix", "secure", "--state-dir", dir.resolve("state").toString(),
                    "--partitions", "1", "--max-point-bytes", String.valueOf(MAX_POINT_BYTES));
            Path logDir = CrashRecoveryTest.LOGS.resolve("security");
            try (ChildJvm roles = CrashRecoveryTest.startRoles("roles-sasl-ssl", logDir, args);
                 KafkaProducer<String, byte[]> producer = new KafkaProducer<>(StreamsSettings.producer(client),
                         new StringSerializer(), new ByteArraySerializer());
                 CommittedReader scores = new CommittedReader(client, topics.scores().name());
                 CommittedReader deadLetters = new CommittedReader(client, topics.deadLetters().name())) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    String id = "s-" + i;
                    ids.add(id);
                    producer.send(new ProducerRecord<>(topics.points().name(), id,
                            PointFeed.json(id, List.of("x", "y"), new double[] {i % 7, i % 5}, 1)));
                }
                // And two records over the size limit arrive
                String padding = "p".repeat(MAX_POINT_BYTES);
                for (String id : List.of("big-1", "big-2")) {
                    producer.send(new ProducerRecord<>(topics.points().name(), id, ("{\"id\":\"" + id
                            + "\",\"features\":[1,2],\"pad\":\"" + padding + "\"}").getBytes(StandardCharsets.UTF_8)));
                }
                producer.flush();

                // Then every point is scored once, and the oversized records are dead letters marked too_large
                int scored = ExactlyOnce.assertEveryIdScoredOnce(scores, ids, Duration.ofSeconds(90),
                        () -> roles.tail(20));
                deadLetters.readUntil(r -> r.size() >= 2, Duration.ofSeconds(60), () -> "dead letters: "
                        + deadLetters.records().size() + "; " + roles.tail(20));
                assertThat(deadLetters.records()).allSatisfy(r -> {
                    Header reason = r.headers().lastHeader(PointValidator.REASON_HEADER);
                    assertThat(new String(reason.value(), StandardCharsets.UTF_8)).isEqualTo("too_large");
                    assertThat(r.value().length).isGreaterThan(MAX_POINT_BYTES);
                });
                assertThat(roles.stop(Duration.ofSeconds(60))).as("exit code after SIGTERM").isIn(0, 143);

                // And no secret appears in what dde printed
                for (String secret : secrets) {
                    assertThat(roles.output()).as("the roles' output").doesNotContain(secret);
                }
                System.out.printf("security: SASL_SSL (PLAIN over TLS, keytool certificate); refused: no "
                                + "credentials (timeout), wrong password (SaslAuthenticationException), untrusted "
                                + "certificate (SslAuthenticationException); dde stream via --kafka-config: %d scores "
                                + "for %d points, %d too_large dead letters (--max-point-bytes %d); no secret in %d "
                                + "lines of output%n", scored, ids.size(), deadLetters.records().size(),
                        MAX_POINT_BYTES, roles.output().lines().count());
            }

            // And a role started with a wrong password fails with a clear message that does not print it
            Path badProperties = dir.resolve("bad-client.properties");
            Map<String, String> bad = new HashMap<>(clientSecurity);
            String wrong = "wrong-" + UUID.randomUUID();
            bad.put("sasl.jaas.config", jaas("dde", wrong));
            write(badProperties, bad);
            List<String> badArgs = new ArrayList<>(args);
            badArgs.set(badArgs.indexOf(properties.toString()), badProperties.toString());
            try (ChildJvm refused = ChildJvm.start("roles-wrong-password", logDir, DdeCommand.class.getName(),
                    List.of("-Xmx256m"), badArgs)) {
                refused.awaitOutput("dde stream: error: cannot list topics: Authentication failed",
                        Duration.ofSeconds(90));
                assertThat(refused.stop(Duration.ofSeconds(60))).isEqualTo(1);
                assertThat(refused.output()).doesNotContain("internal error").doesNotContain(wrong)
                        .doesNotContain(ddePassword);
            }
            for (String secret : secrets) {
                assertThat(testLog.text()).as("this JVM's log (the broker's included)").doesNotContain(secret);
            }
        }
    }
}
