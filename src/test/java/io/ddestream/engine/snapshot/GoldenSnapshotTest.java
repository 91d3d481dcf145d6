package io.ddestream.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Guards compatibility with files already written: {@code golden-v1.ddesnap} was encoded once by the
 * first version-1 writer and is committed. Never regenerate it to make a test pass; a format change
 * that cannot read it needs a new format version, and this build must then still read version 1.
 */
class GoldenSnapshotTest {

    private static final String RESOURCE = "/snapshot/golden-v1.ddesnap";

    /** The content of the golden file. */
    static Snapshot expected() {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        metadata.put("description", "golden v1 fixture");
        metadata.putArray("features").add("latency_ms").add("bytes");
        metadata.put("logZ", -1.25);
        metadata.putObject("config").put("sigma", 0.1).putArray("hidden").add(4).add(4);
        return Snapshot.builder("dde.test-fixture")
                .metadata(metadata)
                .tensor("layer0.weight", new int[] {2, 3}, new float[] {0.5f, -1f, 2.25f, 3f, -0.125f, 1e-3f})
                .tensor("layer0.bias", new int[] {3}, new double[] {0.1, -0.2, 1e-300})
                .tensor("scale", new int[0], new float[] {2f})
                .tensor("unused", new int[] {0}, new double[0])
                .build();
    }

    private static byte[] golden() throws IOException {
        try (InputStream in = GoldenSnapshotTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void shouldReadGoldenVersion1File() throws IOException {
        Snapshot snapshot = SnapshotCodec.decode(golden());

        assertThat(snapshot).isEqualTo(expected());
        assertThat(snapshot.tensor("layer0.weight").expectShape(2, 3).floats())
                .containsExactly(0.5f, -1f, 2.25f, 3f, -0.125f, 1e-3f);
        assertThat(snapshot.metadata().path("config").path("sigma").doubleValue()).isEqualTo(0.1);
    }

    /** Until the format version changes, the writer must produce exactly the committed bytes. */
    @Test
    void shouldStillWriteGoldenBytesWhileFormatIsVersion1() throws IOException {
        assertThat(SnapshotCodec.FORMAT_VERSION).isEqualTo(1);
        assertThat(SnapshotCodec.encode(expected())).isEqualTo(golden());
    }

    /**
     * Writes the golden file: run by hand (not a test) when a new format version gets its golden file, e.g.
     * {@code java -cp target/test-classes:target/classes:target/lib/* io.ddestream.engine.snapshot.GoldenSnapshotTest}.
     */
    public static void main(String[] args) throws IOException {
        Path file = Path.of("src/test/resources" + RESOURCE);
        Files.createDirectories(file.getParent());
        SnapshotCodec.write(file, expected());
    }
}
