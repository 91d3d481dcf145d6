package io.ddestream.cli;

import io.ddestream.data.CsvTable;
import io.ddestream.streaming.PointFeed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code dde produce}: replays a CSV file into a topic as JSON points. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Replay a CSV file into a topic as points: {\"id\":...,\"features\":{\"col\":value,...},\"ts\":now}.",
                "Every numeric column not --ignore'd is a feature. The id is the value of an ignored column named",
                "'id' if there is one, else <file name>-<row number> (1 = the first data row)."})
final class ProduceCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "FILE.csv", description = "Points to send.")
    Path input;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Target topic (default <prefix>.points).")
    String topic;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "R",
            description = "Points per second; 0 sends as fast as possible (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--ignore", paramLabel = "COL", description = "A column that is not a feature (repeatable).")
    List<String> ignore = List.of();

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        CsvTable table = CsvTable.read(input, Set.copyOf(ignore));
        String target = topic != null ? topic : kafka.topics().points().name();
        List<String> ids = CsvIds.of(table, input);
        double[][] rows = table.rows();
        long start = System.nanoTime();
        try (PointFeed feed = new PointFeed(kafka.clientProperties(), target, table.columns(), rate)) {
            for (int i = 0; i < rows.length; i++) {
                feed.send(ids.get(i), rows[i]);
            }
            feed.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("sent %d points from %s to %s in %.1f s (%.0f points/s)%n", rows.length, input, target,
                seconds, rows.length / seconds);
        return 0;
    }
}
