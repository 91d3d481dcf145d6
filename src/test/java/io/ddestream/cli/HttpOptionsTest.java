package io.ddestream.cli;

import io.ddestream.observability.ObservabilityServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

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
}
