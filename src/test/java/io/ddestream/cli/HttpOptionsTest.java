package io.ddestream.cli;

import io.ddestream.observability.HttpLimits;
import io.ddestream.observability.ObservabilityServer;
import io.ddestream.streaming.StreamingConfig;
import io.ddestream.streaming.Topics;
import io.ddestream.engine.density.TrainerSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpOptionsTest {

    private static HttpOptions parse(String... args) {
        CommandLine cli = DdeCommand.commandLine();
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        Object command = parsed.subcommand().commandSpec().userObject();
        return command instanceof StreamCommand stream ? stream.http : ((DemoCommand) command).http;
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "stream --role all --features x,y"})
    void shouldBindToThisHostOnlyOnPort8080ByDefault(String command) throws Exception {
        HttpOptions http = parse(command.split(" "));
        assertThat(http.host).isEqualTo("127.0.0.1");
        assertThat(http.port).isEqualTo(8080);
        // And a server started on the default host listens on the loopback interface only
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ObservabilityServer server = ObservabilityServer.start(http.host, 0, registry, List::of, null)) {
            assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
        } finally {
            registry.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "stream --role all --features x,y"})
    void shouldTakeAnotherHostAndPort(String command) {
        HttpOptions http = parse((command + " --http-host 0.0.0.0 --http-port 0").split(" "));
        assertThat(http.host).isEqualTo("0.0.0.0");
        assertThat(http.port).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "stream --role all --features x,y"})
    void shouldBoundTheServerByDefaultAndTakeOtherLimits(String command) {
        assertThat(parse(command.split(" ")).limits()).isEqualTo(HttpLimits.DEFAULTS);
        HttpLimits limits = parse((command + " --http-read-timeout 2.5 --http-max-connections 16").split(" ")).limits();
        assertThat(limits.readTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(limits.maxConnections()).isEqualTo(16);
        assertThat(limits.maxBusyRequests()).isEqualTo(HttpLimits.DEFAULTS.maxBusyRequests());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--http-read-timeout 0", "--http-read-timeout -1", "--http-read-timeout NaN",
            "--http-max-connections 0"})
    void shouldRefuseLimitsThatCannotWork(String option) {
        HttpOptions http = parse(("stream --role all --features x,y " + option).split(" "));
        assertThatThrownBy(http::limits).isInstanceOf(UserException.class).hasMessageStartingWith("--http-");
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "stream --role all --features x,y"})
    void shouldTimeLatencyWithinTenMinutesByDefaultOrTheGivenBound(String command) {
        StreamingConfig config = new StreamingConfig(Map.of("bootstrap.servers", "unused:9092"), Topics.defaults(),
                List.of("x", "y"), "default", "dde", Path.of("state"), StreamingConfig.EXACTLY_ONCE, 1, 65536,
                TrainerSettings.defaults("test"));
        assertThat(latency(command.split(" ")).apply(config).latencyBound()).isEqualTo(Duration.ofMinutes(10));
        assertThat(latency((command + " --latency-bound 0.5").split(" ")).apply(config).latencyBound())
                .isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> latency((command + " --latency-bound 0").split(" ")).apply(config))
                .isInstanceOf(UserException.class).hasMessageContaining("--latency-bound");
    }

    private static LatencyOptions latency(String... args) {
        Object command = DdeCommand.commandLine().parseArgs(args).subcommand().commandSpec().userObject();
        return command instanceof StreamCommand stream ? stream.latency : ((DemoCommand) command).latency;
    }
}
