package io.ddestream.testing;

import io.ddestream.engine.density.DensityModel;
import io.ddestream.engine.density.DensityModelCodec;
import io.ddestream.engine.generator.GeneratorCheckpoint;
import io.ddestream.streaming.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A role's durable progress as it shows on its snapshot topic: the versions and step counts of what it published
 * (read committed). The crash and broker-restart tests check, for every role that publishes, that its progress
 * after the fault continues from where it was: newer versions trained further, no version published twice, none
 * skipped. A role that publishes joins those checks with one more entry in {@link #everyPublishingRole}: its topic,
 * and how to read the version and steps of its snapshots.
 *
 * @param role   the role's name, for messages
 * @param topic  its snapshot topic
 * @param decode reads one snapshot's version and steps
 */
public record PublishedVersions(String role, String topic, Function<byte[], Version> decode) {

    /**
     * One published snapshot's version and training steps; {@code provisional} for a trainer's model learned while
     * its sigma was selected, whose learner is not kept (the selected one starts from no steps).
     */
    public record Version(long version, long steps, boolean provisional) {
    }

    /** Every role that publishes snapshots: the fault tests check each of them. A new role adds itself here. */
    public static List<PublishedVersions> everyPublishingRole(Topics topics) {
        return List.of(trainer(topics), generator(topics));
    }

    /** The generator service's checkpoints on {@code dde.generator.models}. */
    public static PublishedVersions generator(Topics topics) {
        return new PublishedVersions("generator", topics.generatorModels().name(), bytes -> {
            GeneratorCheckpoint checkpoint = GeneratorCheckpoint.decode(bytes);
            return new Version(checkpoint.version(), checkpoint.state().steps(), false);
        });
    }

    /** The trainer's density models on {@code dde.models}. */
    public static PublishedVersions trainer(Topics topics) {
        return new PublishedVersions("trainer", topics.models().name(), bytes -> {
            DensityModel model = DensityModelCodec.decode(bytes);
            return new Version(model.provenance().version(), model.provenance().steps(), model.provisional());
        });
    }

    /** Opens a read-committed reader of the topic; {@link Reader#close()} closes it. */
    public Reader reader(Map<String, String> clientProperties) {
        return new Reader(new CommittedReader(clientProperties, topic));
    }

    /** Reads one role's snapshot topic. */
    public final class Reader implements AutoCloseable {

        private final CommittedReader reader;
        private final List<Version> decoded = new ArrayList<>();
        private int recordsDecoded;

        private Reader(CommittedReader reader) {
            this.reader = reader;
        }

        /** Every version published so far, in order. */
        public List<Version> versions() {
            reader.readFor(Duration.ofMillis(300));
            return decodeAll();
        }

        /** The newest version, or a zero version when none was published. */
        public Version newest() {
            List<Version> all = versions();
            return all.isEmpty() ? new Version(0, 0, false) : all.get(all.size() - 1);
        }

        /** Waits until a version of at least {@code version} is published; returns it. */
        public Version awaitVersion(long version, Duration timeout) {
            reader.readUntil(records -> !decodeAll().isEmpty()
                            && decodeAll().get(decodeAll().size() - 1).version() >= version, timeout,
                    () -> role + " published no version " + version + " or newer on " + topic + "; versions: "
                            + decodeAll());
            List<Version> all = decodeAll();
            return all.get(all.size() - 1);
        }

        /** Waits until {@code count} versions that are not provisional are published; returns the newest. */
        public Version awaitFinalVersions(int count, Duration timeout) {
            reader.readUntil(records -> decodeAll().stream().filter(v -> !v.provisional()).count() >= count, timeout,
                    () -> role + " published fewer than " + count + " final versions on " + topic + "; versions: "
                            + decodeAll());
            List<Version> all = decodeAll();
            return all.get(all.size() - 1);
        }

        /**
         * Checks that the role continued after a fault: a version newer than {@code before} with more steps, and
         * over the whole topic versions 1, 2, 3, ... (none twice, none skipped) with steps that never go back, but
         * from a provisional version to the next (a provisional learner is replaced, not resumed).
         */
        public Version assertContinuedFrom(Version before, Duration timeout) {
            Version after = awaitVersion(before.version() + 1, timeout);
            if (!before.provisional() && after.steps() <= before.steps()) {
                throw new AssertionError(role + ": version " + after.version() + " has " + after.steps()
                        + " steps, not more than the " + before.steps() + " of version " + before.version()
                        + " before the fault: it did not resume from its state");
            }
            List<Version> all = decodeAll();
            for (int i = 0; i < all.size(); i++) {
                boolean stepsWentBack = i > 0 && !all.get(i - 1).provisional()
                        && all.get(i).steps() < all.get(i - 1).steps();
                if (all.get(i).version() != i + 1 || stepsWentBack) {
                    throw new AssertionError(role + ": published versions are not 1, 2, 3, ... with steps that "
                            + "never go back: " + all);
                }
            }
            return after;
        }

        /** The versions of every record read so far; each record is decoded once. */
        private List<Version> decodeAll() {
            List<ConsumerRecord<byte[], byte[]>> records = reader.records();
            for (; recordsDecoded < records.size(); recordsDecoded++) {
                byte[] value = records.get(recordsDecoded).value();
                if (value != null) {
                    decoded.add(decode.apply(value));
                }
            }
            return List.copyOf(decoded);
        }

        @Override
        public void close() {
            reader.close();
        }
    }
}
