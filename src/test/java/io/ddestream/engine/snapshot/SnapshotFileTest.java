package io.ddestream.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFileTest {

    @TempDir
    Path dir;

    private Path[] filesInDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toArray(Path[]::new);
        }
    }

    @Test
    void shouldRoundTripThroughFile() throws IOException {
        Path file = dir.resolve("model.ddesnap");

        SnapshotCodec.write(file, Fixtures.small());

        assertThat(SnapshotCodec.read(file)).isEqualTo(Fixtures.small());
        assertThat(Files.readAllBytes(file)).isEqualTo(SnapshotCodec.encode(Fixtures.small()));
    }

    @Test
    void shouldReplaceExistingFileAndLeaveNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.ddesnap");
        Files.writeString(file, "previous model");
        Snapshot snapshot = Snapshot.builder("dde.density-model").build();

        SnapshotCodec.write(file, snapshot);

        assertThat(SnapshotCodec.read(file)).isEqualTo(snapshot);
        assertThat(filesInDir()).containsExactly(file);
    }

    @Test
    void shouldRemoveTemporaryFileWhenWriteFails() throws IOException {
        Path target = dir.resolve("model.ddesnap");
        Files.createDirectory(target);
        Files.writeString(target.resolve("occupant"), "a directory cannot be replaced by a file");

        assertThatThrownBy(() -> SnapshotCodec.write(target, Fixtures.small()))
                .isInstanceOf(IOException.class);

        assertThat(filesInDir()).containsExactly(target);
    }

    @Test
    void shouldNameTheFileWhenRejectingIt() throws IOException {
        Path file = dir.resolve("model.ddesnap");
        byte[] bytes = SnapshotCodec.encode(Fixtures.small());
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 1));

        assertThatThrownBy(() -> SnapshotCodec.read(file))
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessage(file + ": truncated snapshot: expected " + bytes.length + " bytes, got "
                        + (bytes.length - 1));
    }
}
