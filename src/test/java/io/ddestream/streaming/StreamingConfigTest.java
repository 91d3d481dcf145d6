package io.ddestream.streaming;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StreamingConfigTest {

    @Test
    void shouldHideSecretsWhenDescribed() {
        // Given client properties with SASL and TLS secrets
        Map<String, String> client = Map.of(
                "bootstrap.servers", "kafka:9093",
                "security.protocol", "SASL_SSL",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"dde\" password=\"s3cr3t-jaas\";",
                "ssl.truststore.password", "s3cr3t-trust",
                "ssl.key.password", "s3cr3t-key",
                "ssl.keystore.key", "-----BEGIN PRIVATE KEY----- s3cr3t-pem",
                "sasl.oauthbearer.client.credentials.client.secret", "s3cr3t-oauth");
        StreamingConfig config = new StreamingConfig(client, Topics.defaults(), List.of("x", "y"), "default", "dde",
                Path.of("state"), StreamingConfig.EXACTLY_ONCE, 1, 4096, TrainerTopologyTest.fastSettings());
        // When it is described
        String text = config.toString();
        // Then no secret shows, and the rest does
        assertThat(text).doesNotContain("s3cr3t").contains("kafka:9093").contains("SASL_SSL")
                .contains("sasl.jaas.config=[hidden]");
    }
}
