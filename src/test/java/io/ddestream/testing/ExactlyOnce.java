package io.ddestream.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Checks on the scores topic: every point scored, none twice, nothing else. */
public final class ExactlyOnce {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExactlyOnce() {
    }

    /** The {@code id} of a score record. */
    public static String id(ConsumerRecord<byte[], byte[]> score) {
        try {
            return JSON.readTree(score.value()).get("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many scores each id has. */
    public static Map<String, Integer> countById(List<ConsumerRecord<byte[], byte[]>> scores) {
        Map<String, Integer> counts = new HashMap<>();
        scores.forEach(s -> counts.merge(id(s), 1, Integer::sum));
        return counts;
    }

    /**
     * Reads scores until every id has one (failing after {@code timeout}, with {@code context} in the message),
     * then a few seconds more, so that a late duplicate would show; then checks that each id has exactly one score
     * and no other id has any. Returns the number of score records.
     */
    public static int assertEveryIdScoredOnce(CommittedReader scores, List<String> ids, Duration timeout,
                                              Supplier<String> context) {
        Set<String> expected = new HashSet<>(ids);
        scores.readUntil(r -> countById(r).keySet().containsAll(expected), timeout, () -> {
            Set<String> missing = new HashSet<>(expected);
            missing.removeAll(countById(scores.records()).keySet());
            return missing.size() + " of " + ids.size() + " points have no score (e.g. "
                    + missing.stream().limit(5).toList() + "); " + context.get();
        });
        scores.readFor(Duration.ofSeconds(3));
        Map<String, Integer> counts = countById(scores.records());
        List<String> duplicated = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .sorted().toList();
        if (!duplicated.isEmpty()) {
            throw new AssertionError(duplicated.size() + " points were scored more than once, e.g. "
                    + duplicated.stream().limit(5).toList());
        }
        Set<String> unexpected = new HashSet<>(counts.keySet());
        unexpected.removeAll(expected);
        if (!unexpected.isEmpty()) {
            throw new AssertionError("scores for ids never sent: " + unexpected.stream().limit(5).toList());
        }
        return scores.records().size();
    }
}
