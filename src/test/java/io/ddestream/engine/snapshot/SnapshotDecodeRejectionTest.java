package io.ddestream.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Every way bytes can fail to be a snapshot must end in a SnapshotFormatException, and nothing else. */
class SnapshotDecodeRejectionTest {

    private static final String HEADER = "{\"kind\":\"k\"}";

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(byte[] bytes) {
        return assertThatThrownBy(() -> SnapshotCodec.decode(bytes))
                .isInstanceOf(SnapshotFormatException.class);
    }

    private static byte[] small() {
        return SnapshotCodec.encode(Fixtures.small());
    }

    /** One tensor named "w" with the given type code, rank and dimensions, and no data. */
    private static byte[] tensorWithoutData(int code, long... dims) {
        CraftedSnapshot crafted = CraftedSnapshot.withHeader(HEADER).u32(1)
                .name("w").u8(code).u8(dims.length);
        for (long dim : dims) {
            crafted.u32(dim);
        }
        return crafted.seal();
    }

    // --- envelope ---

    @Test
    void shouldRejectForeignBytes() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        byte[] json = "{\"kind\":\"dde.density-model\",\"metadata\":{}}".getBytes(StandardCharsets.UTF_8);

        assertRejected(png).hasMessage("not a dde-stream snapshot (bad magic)");
        assertRejected(json).hasMessage("not a dde-stream snapshot (bad magic)");
        assertRejected(new byte[] {'D', 'X'}).hasMessage("not a dde-stream snapshot (bad magic)");
    }

    @Test
    void shouldRejectEveryTruncation() {
        byte[] bytes = small();
        for (int length = 0; length < bytes.length; length++) {
            assertRejected(Arrays.copyOf(bytes, length))
                    .hasMessageStartingWith("truncated snapshot: expected");
        }
    }

    @Test
    void shouldReportExpectedAndActualLengthOfTruncatedSnapshot() {
        byte[] bytes = small();

        assertRejected(Arrays.copyOf(bytes, 100))
                .hasMessage("truncated snapshot: expected " + bytes.length + " bytes, got 100");
    }

    @Test
    void shouldRejectEverySingleBitFlip() {
        byte[] bytes = small();
        for (int position = 0; position < bytes.length; position++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = bytes.clone();
                flipped[position] ^= (byte) (1 << bit);
                assertRejected(flipped);
            }
        }
    }

    /** The parser's own checks, for input that is intact but was written wrongly or maliciously. */
    @Test
    void shouldDecodeOrRejectCleanlyEveryBitFlipBehindValidChecksum() {
        byte[] bytes = small();
        for (int position = 20; position < bytes.length - 4; position++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = bytes.clone();
                flipped[position] ^= (byte) (1 << bit);
                try {
                    SnapshotCodec.decode(CraftedSnapshot.reseal(flipped)); // e.g. a flip in a float
                } catch (SnapshotFormatException expected) {
                    // any other exception fails the test
                }
            }
        }
    }

    @Test
    void shouldRejectCorruptedPayloadByChecksum() {
        byte[] bytes = small();
        bytes[bytes.length / 2] ^= 0x10;

        assertRejected(bytes).hasMessage("checksum mismatch: snapshot is corrupt");
    }

    @Test
    void shouldRejectTrailingBytes() {
        byte[] bytes = small();
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 3);

        assertRejected(padded).hasMessage(
                "trailing bytes after snapshot: expected " + bytes.length + " bytes, got " + padded.length);
    }

    @Test
    void shouldRejectUnsupportedVersion() {
        byte[] bytes = small();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(8, (short) 99);

        assertRejected(CraftedSnapshot.reseal(bytes))
                .hasMessage("unsupported snapshot format version 99 (this build reads 1)");
    }

    @Test
    void shouldRejectUnknownFlags() {
        byte[] bytes = small();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(10, (short) 4);

        assertRejected(CraftedSnapshot.reseal(bytes))
                .hasMessage("unsupported snapshot flags 0x0004 (this build knows none)");
    }

    @Test
    void shouldRejectOversizedInputBeforeLookingAtIt() {
        assertRejected(new byte[SnapshotCodec.MAX_ENCODED_SIZE + 1])
                .hasMessageStartingWith("snapshot too large: 268435457 bytes");
    }

    // --- header ---

    @Test
    void shouldRejectHeaderWithoutKind() {
        assertRejected(CraftedSnapshot.withHeader("{\"metadata\":{}}").u32(0).seal())
                .hasMessage("malformed snapshot: header has no string \"kind\"");
        assertRejected(CraftedSnapshot.withHeader("{\"kind\":7}").u32(0).seal())
                .hasMessage("malformed snapshot: header has no string \"kind\"");
        assertRejected(CraftedSnapshot.withHeader("{\"kind\":\"\"}").u32(0).seal())
                .hasMessage("malformed snapshot: snapshot kind is blank");
    }

    @Test
    void shouldRejectHeaderThatIsNotAJsonObject() {
        assertRejected(CraftedSnapshot.withHeader("[\"kind\"]").u32(0).seal())
                .hasMessage("malformed snapshot: header is not a JSON object");
        assertRejected(CraftedSnapshot.withHeader("").u32(0).seal())
                .hasMessage("malformed snapshot: header is not a JSON object");
        assertRejected(CraftedSnapshot.withHeader("{\"kind\":\"k\",\"metadata\":[]}").u32(0).seal())
                .hasMessage("malformed snapshot: header \"metadata\" is not a JSON object");
    }

    @Test
    void shouldRejectInvalidHeaderJson() {
        assertRejected(CraftedSnapshot.withHeader("{\"kind\":").u32(0).seal())
                .hasMessageStartingWith("malformed snapshot: header is not valid JSON");
        assertRejected(CraftedSnapshot.withHeader("{\"kind\":\"k\"} {}").u32(0).seal())
                .hasMessageStartingWith("malformed snapshot: header is not valid JSON");
        assertRejected(CraftedSnapshot.withHeader("{\"kind\":\"a\",\"kind\":\"b\"}").u32(0).seal())
                .hasMessageStartingWith(
                        "malformed snapshot: header is not valid JSON (Duplicate field 'kind')");
    }

    @Test
    void shouldRejectHeaderThatIsNotUtf8() {
        byte[] latin1 = "{\"kind\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        byte[] bytes = new CraftedSnapshot().bytes("DDESNAP\0".getBytes(StandardCharsets.US_ASCII))
                .u16(1).u16(0).u64(0).u32(latin1.length).bytes(latin1).u32(0).seal();

        assertRejected(bytes).hasMessage("malformed snapshot: header is not valid UTF-8");
    }

    @Test
    void shouldRejectHeaderLengthBeyondData() {
        byte[] bytes = new CraftedSnapshot().bytes("DDESNAP\0".getBytes(StandardCharsets.US_ASCII))
                .u16(1).u16(0).u64(0).u32(0xFFFF_FFFFL).u32(0).seal();

        assertRejected(bytes).hasMessage("malformed snapshot: header needs 4294967295 bytes, only 4 remain");
    }

    // --- tensors ---

    @Test
    void shouldRejectTensorCountBeyondData() {
        assertRejected(CraftedSnapshot.withHeader(HEADER).u32(0xFFFF_FFFFL).seal())
                .hasMessage("malformed snapshot: tensor name length needs 2 bytes, only 0 remain");
    }

    @Test
    void shouldRejectDuplicateTensorNames() {
        byte[] bytes = CraftedSnapshot.withHeader(HEADER).u32(2)
                .name("w").u8(1).u8(0).u32(Float.floatToIntBits(1))
                .name("w").u8(1).u8(0).u32(Float.floatToIntBits(2))
                .seal();

        assertRejected(bytes).hasMessage("malformed snapshot: duplicate tensor 'w'");
    }

    @Test
    void shouldRejectEmptyTensorName() {
        byte[] bytes = CraftedSnapshot.withHeader(HEADER).u32(1).name("").u8(1).u8(0).u32(0).seal();

        assertRejected(bytes).hasMessage("malformed snapshot: tensor name is empty");
    }

    @Test
    void shouldRejectTensorNameThatIsNotUtf8() {
        byte[] bytes = CraftedSnapshot.withHeader(HEADER).u32(1)
                .u16(1).u8(0xFF).u8(1).u8(0).u32(0).seal();

        assertRejected(bytes).hasMessage("malformed snapshot: tensor name is not valid UTF-8");
    }

    @Test
    void shouldRejectUnknownElementType() {
        assertRejected(tensorWithoutData(3, 1))
                .hasMessage("malformed snapshot: tensor 'w' has unknown element type 3");
        assertRejected(tensorWithoutData(0, 1))
                .hasMessage("malformed snapshot: tensor 'w' has unknown element type 0");
    }

    @Test
    void shouldRejectRankAboveMaximum() {
        assertRejected(tensorWithoutData(1, 1, 1, 1, 1, 1, 1, 1, 1, 0))
                .hasMessage("malformed snapshot: tensor 'w' has rank 9, more than 8");
    }

    @Test
    void shouldRejectDimensionBeyondIntRange() {
        assertRejected(tensorWithoutData(1, 0xFFFF_FFFFL))
                .hasMessage("malformed snapshot: tensor 'w' has dimension 4294967295, more than 2147483647");
    }

    @Test
    void shouldRejectShapeWhoseElementCountOverflowsWithoutAllocating() {
        long max = Integer.MAX_VALUE;

        assertRejected(tensorWithoutData(2, max, max, max, max, max, max, max, max))
                .hasMessageStartingWith("malformed snapshot: tensor 'w' shape [2147483647, ")
                .hasMessageEndingWith("] has more than 2147483647 elements");
    }

    @Test
    void shouldRejectShapeLargerThanItsDataWithoutAllocating() {
        assertRejected(tensorWithoutData(2, 1 << 14, 1 << 14))
                .hasMessage("malformed snapshot: tensor 'w' data needs 2147483648 bytes, only 0 remain");
        assertRejected(CraftedSnapshot.withHeader(HEADER).u32(1).name("w").u8(1).u8(1).u32(3).u64(0).seal())
                .hasMessage("malformed snapshot: tensor 'w' data needs 12 bytes, only 8 remain");
    }

    @Test
    void shouldRejectBytesAfterLastTensor() {
        byte[] bytes = CraftedSnapshot.withHeader(HEADER).u32(1).name("w").u8(1).u8(0).u32(0).u8(0).seal();

        assertRejected(bytes).hasMessage("malformed snapshot: 1 unexpected bytes after the last tensor");
    }

    @Test
    void shouldAcceptCraftedSnapshotThatIsValid() {
        byte[] bytes = CraftedSnapshot.withHeader(HEADER).u32(1)
                .name("w").u8(1).u8(1).u32(1).u32(Float.floatToIntBits(2.5f)).seal();

        Snapshot snapshot = SnapshotCodec.decode(bytes);

        assertThat(snapshot.tensor("w").floats()).containsExactly(2.5f);
    }
}
