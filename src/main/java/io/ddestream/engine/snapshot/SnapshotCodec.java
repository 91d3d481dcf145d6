package io.ddestream.engine.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * Encodes {@link Snapshot}s to bytes and decodes them back, in memory or to and from files. The
 * layout is specified byte by byte in {@code docs/model-format.md}.
 *
 * <p>{@link #decode} checks the envelope (size, magic, version, length, checksum) before it parses
 * anything, then checks every length against the bytes that remain before it allocates. Any input
 * that is not a valid snapshot of {@link #FORMAT_VERSION} throws {@link SnapshotFormatException}.
 * Stateless and thread-safe.
 */
public final class SnapshotCodec {

    /** The format version this build writes, and the only one it reads. */
    public static final int FORMAT_VERSION = 1;
    /** Largest encoding accepted in either direction: 256 MiB. */
    public static final int MAX_ENCODED_SIZE = 256 << 20;

    private static final byte[] MAGIC = {'D', 'D', 'E', 'S', 'N', 'A', 'P', 0};
    private static final int VERSION_OFFSET = 8;
    private static final int FLAGS_OFFSET = 10;
    private static final int LENGTH_OFFSET = 12;
    private static final int PREAMBLE_SIZE = 20;
    private static final int CHECKSUM_SIZE = 4;
    /** Preamble, header length, tensor count and checksum: nothing shorter can be valid. */
    private static final int MIN_SIZE = PREAMBLE_SIZE + 4 + 4 + CHECKSUM_SIZE;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private SnapshotCodec() {
    }

    /**
     * Encodes a snapshot.
     *
     * @throws IllegalArgumentException if the encoding would exceed {@link #MAX_ENCODED_SIZE}
     */
    public static byte[] encode(Snapshot snapshot) {
        byte[] header = Utf8.encode(headerJson(snapshot), "snapshot header");
        long size = PREAMBLE_SIZE + 4L + header.length + 4L + CHECKSUM_SIZE;
        for (Tensor tensor : snapshot.tensors()) {
            size += 2L + Utf8.encode(tensor.name(), "tensor name").length
                    + 2L + 4L * tensor.rank() + tensor.byteSize();
        }
        if (size > MAX_ENCODED_SIZE) {
            throw new IllegalArgumentException(String.format(
                    "snapshot needs %d bytes, more than the limit of %d", size, MAX_ENCODED_SIZE));
        }

        ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putShort((short) FORMAT_VERSION).putShort((short) 0).putLong(size);
        out.putInt(header.length).put(header);
        out.putInt(snapshot.tensors().size());
        for (Tensor tensor : snapshot.tensors()) {
            byte[] name = Utf8.encode(tensor.name(), "tensor name");
            out.putShort((short) name.length).put(name);
            out.put((byte) tensor.dtype().code).put((byte) tensor.rank());
            for (int dim : tensor.shape()) {
                out.putInt(dim);
            }
            tensor.putData(out);
        }
        out.putInt(crc32c(out.array(), out.position()));
        return out.array();
    }

    /**
     * Decodes a snapshot.
     *
     * @throws SnapshotFormatException if {@code bytes} are not exactly one valid snapshot
     */
    public static Snapshot decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        // Cheapest and most telling checks first; the checksum guards everything parsed after it.
        if (bytes.length > MAX_ENCODED_SIZE) {
            throw new SnapshotFormatException(String.format(
                    "snapshot too large: %d bytes, the limit is %d", bytes.length, MAX_ENCODED_SIZE));
        }
        int magicBytes = Math.min(bytes.length, MAGIC.length);
        if (!Arrays.equals(bytes, 0, magicBytes, MAGIC, 0, magicBytes)) {
            throw new SnapshotFormatException("not a dde-stream snapshot (bad magic)");
        }
        if (bytes.length < MIN_SIZE) {
            throw new SnapshotFormatException(String.format(
                    "truncated snapshot: expected at least %d bytes, got %d", MIN_SIZE, bytes.length));
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        // Version before anything else: a later version may lay out the rest differently.
        int version = Short.toUnsignedInt(in.getShort(VERSION_OFFSET));
        if (version != FORMAT_VERSION) {
            throw new SnapshotFormatException(String.format(
                    "unsupported snapshot format version %d (this build reads %d)",
                    version, FORMAT_VERSION));
        }
        int flags = Short.toUnsignedInt(in.getShort(FLAGS_OFFSET));
        if (flags != 0) {
            throw new SnapshotFormatException(String.format(
                    "unsupported snapshot flags 0x%04x (this build knows none)", flags));
        }
        long declared = in.getLong(LENGTH_OFFSET);
        if (declared != bytes.length) {
            String problem = Long.compareUnsigned(declared, bytes.length) > 0
                    ? "truncated snapshot" : "trailing bytes after snapshot";
            throw new SnapshotFormatException(String.format("%s: expected %s bytes, got %d",
                    problem, Long.toUnsignedString(declared), bytes.length));
        }
        int checksumOffset = bytes.length - CHECKSUM_SIZE;
        if (in.getInt(checksumOffset) != crc32c(bytes, checksumOffset)) {
            throw new SnapshotFormatException("checksum mismatch: snapshot is corrupt");
        }

        in.position(PREAMBLE_SIZE).limit(checksumOffset);
        try {
            return parseBody(in);
        } catch (IllegalArgumentException e) {
            // Invariants of Snapshot and Tensor (unique non-empty names, rank, ...) hold for decoded
            // snapshots too; their constructors check them, and here they mean a malformed input.
            throw malformed(e.getMessage(), e);
        }
    }

    /**
     * Writes a snapshot to {@code target}, replacing any existing file atomically: readers see the
     * old file or the new one, never a partial write.
     *
     * @throws IllegalArgumentException if the encoding would exceed {@link #MAX_ENCODED_SIZE}
     */
    public static void write(Path target, Snapshot snapshot) throws IOException {
        byte[] bytes = encode(snapshot);
        if (Files.isDirectory(target)) {
            throw new FileSystemException(target.toString(), null, "is a directory; give the model a file name");
        }
        // In the target's directory, so that the final move is a rename within one file system.
        // Not Files.createTempFile: its owner-only permissions would carry over to the model file.
        Path temp = target.toAbsolutePath().resolveSibling(
                "." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(
                    temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                // On disk before the rename, or a crash could leave an empty file under the new name.
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteAfterFailure(temp, e);
            // The error would otherwise name the hidden temporary file, not the one the user asked for.
            throw naming(target, "write", e);
        } catch (RuntimeException e) {
            deleteAfterFailure(temp, e);
            throw e;
        }
    }

    private static void deleteAfterFailure(Path temp, Exception failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    /**
     * An I/O error on {@code file} as one whose message names it: some name another file or none at all (reading
     * a directory fails with a bare "Is a directory").
     */
    private static IOException naming(Path file, String action, IOException e) {
        if (e instanceof FileSystemException named && file.toString().equals(named.getFile())
                && named.getOtherFile() == null) {
            return e;
        }
        String reason = e instanceof NoSuchFileException ? "no such directory: " + file.toAbsolutePath().getParent()
                : e instanceof AccessDeniedException ? "permission denied"
                : e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : String.valueOf(e.getMessage());
        FileSystemException named = new FileSystemException(file.toString(), null, "cannot " + action + ": " + reason);
        named.initCause(e);
        return named;
    }

    /**
     * Reads a snapshot from a file.
     *
     * @throws SnapshotFormatException if the file is not a valid snapshot; the message names the file
     * @throws java.nio.file.FileSystemException if it cannot be read (a directory, missing, not permitted), naming it
     */
    public static Snapshot read(Path source) throws IOException {
        if (Files.isDirectory(source)) {
            throw new FileSystemException(source.toString(), null, "is a directory, not a model file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(source)) {
            // One byte over the limit is enough for decode to reject an oversized file.
            bytes = in.readNBytes(MAX_ENCODED_SIZE + 1);
        } catch (IOException e) {
            throw naming(source, "read", e);
        }
        try {
            return decode(bytes);
        } catch (SnapshotFormatException e) {
            throw new SnapshotFormatException(source + ": " + e.getMessage(), e);
        }
    }

    private static String headerJson(Snapshot snapshot) {
        ObjectNode header = JSON.createObjectNode();
        header.put("kind", snapshot.kind());
        header.set("metadata", snapshot.metadata());
        try {
            return JSON.writeValueAsString(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a JSON tree", e); // cannot happen
        }
    }

    /** Parses header and tensors between the preamble and the checksum. */
    private static Snapshot parseBody(ByteBuffer in) {
        Snapshot.Builder builder = parseHeader(in);
        long count = readU32(in, "tensor count");
        // No pre-sizing by count: a count the data cannot back fails on its first missing tensor.
        for (long i = 0; i < count; i++) {
            builder.tensor(parseTensor(in));
        }
        if (in.hasRemaining()) {
            throw malformed(in.remaining() + " unexpected bytes after the last tensor");
        }
        return builder.build();
    }

    private static Snapshot.Builder parseHeader(ByteBuffer in) {
        byte[] bytes = readBytes(in, readU32(in, "header length"), "header");
        JsonNode header;
        try {
            header = JSON.readTree(Utf8.decode(bytes, "header"));
        } catch (JsonProcessingException e) {
            throw malformed("header is not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (!header.isObject()) {
            throw malformed("header is not a JSON object");
        }
        JsonNode kind = header.get("kind");
        if (kind == null || !kind.isTextual()) {
            throw malformed("header has no string \"kind\"");
        }
        Snapshot.Builder builder = Snapshot.builder(kind.textValue());
        JsonNode metadata = header.get("metadata");
        if (metadata != null) {
            if (!metadata.isObject()) {
                throw malformed("header \"metadata\" is not a JSON object");
            }
            builder.metadata((ObjectNode) metadata);
        }
        return builder;
    }

    private static Tensor parseTensor(ByteBuffer in) {
        String name = Utf8.decode(readBytes(in, readU16(in, "tensor name length"), "tensor name"),
                "tensor name");
        String what = "tensor '" + name + "'";
        require(in, 2, what + " type and rank");
        int code = Byte.toUnsignedInt(in.get());
        DType dtype = DType.fromCode(code);
        if (dtype == null) {
            throw malformed(what + " has unknown element type " + code);
        }
        int rank = Byte.toUnsignedInt(in.get());
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) {
            long dim = readU32(in, what + " shape");
            if (dim > Integer.MAX_VALUE) {
                throw malformed(what + " has dimension " + dim + ", more than " + Integer.MAX_VALUE);
            }
            shape[i] = (int) dim;
        }
        require(in, (long) Tensor.elementCount(name, shape) * dtype.width, what + " data");
        return Tensor.getData(name, shape, dtype, in);
    }

    private static int readU16(ByteBuffer in, String what) {
        require(in, 2, what);
        return Short.toUnsignedInt(in.getShort());
    }

    private static long readU32(ByteBuffer in, String what) {
        require(in, 4, what);
        return Integer.toUnsignedLong(in.getInt());
    }

    private static byte[] readBytes(ByteBuffer in, long length, String what) {
        require(in, length, what);
        byte[] bytes = new byte[(int) length];
        in.get(bytes);
        return bytes;
    }

    /** Checks that {@code in} holds {@code length} more bytes; run before allocating for them. */
    private static void require(ByteBuffer in, long length, String what) {
        if (length > in.remaining()) {
            throw malformed(String.format("%s needs %d bytes, only %d remain",
                    what, length, in.remaining()));
        }
    }

    private static int crc32c(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    private static SnapshotFormatException malformed(String problem) {
        return new SnapshotFormatException("malformed snapshot: " + problem);
    }

    private static SnapshotFormatException malformed(String problem, Throwable cause) {
        return new SnapshotFormatException("malformed snapshot: " + problem, cause);
    }
}
