package io.ddestream.cli;

import io.ddestream.streaming.broker.EmbeddedKafkaBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code dde broker}: the embedded single-node KRaft broker alone, for local work. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a single-node Kafka broker (KRaft) in this process until Ctrl-C; for local work only.")
final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092", description = "Client port (default ${DEFAULT-VALUE}; 0: any free).")
    int port;

    @Option(names = "--log-dir", paramLabel = "DIR",
            description = "Where the broker keeps its data, kept across runs (default: a temporary directory, deleted on exit).")
    Path logDir;

    @Override
    public Integer call() throws Exception {
        try (StopSignal stop = new StopSignal();
             EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, logDir)) {
            System.out.printf("dde broker: bootstrap servers %s, data in %s; Ctrl-C stops%n", broker.bootstrapServers(),
                    broker.logDir());
            stop.await();
        }
        return 0;
    }
}
