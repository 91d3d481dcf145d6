package io.ddestream.engine.snapshot;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Builds snapshot bytes field by field, then {@linkplain #seal() seals} them with a correct length
 * and checksum, so that tests reach the checks that only run once the envelope is intact.
 */
final class CraftedSnapshot {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A version-1 preamble and the given header JSON; tensor count and tensors are up to the caller. */
    static CraftedSnapshot withHeader(String json) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        return new CraftedSnapshot()
                .bytes("DDESNAP\0".getBytes(StandardCharsets.US_ASCII))
                .u16(1).u16(0).u64(0) // length placeholder, set by seal()
                .u32(header.length).bytes(header);
    }

    CraftedSnapshot u8(int value) {
        out.write(value);
        return this;
    }

    CraftedSnapshot u16(int value) {
        return bytes(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) value).array());
    }

    CraftedSnapshot u32(long value) {
        return bytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value).array());
    }

    CraftedSnapshot u64(long value) {
        return bytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
    }

    CraftedSnapshot bytes(byte[] value) {
        out.writeBytes(value);
        return this;
    }

    /** A tensor name: u16 length, then UTF-8. */
    CraftedSnapshot name(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        return u16(utf8.length).bytes(utf8);
    }

    byte[] seal() {
        return seal(out.toByteArray());
    }

    /** Re-seals an edited encoding: recomputes its length field and checksum. */
    static byte[] reseal(byte[] encoded) {
        return seal(Arrays.copyOf(encoded, encoded.length - 4));
    }

    private static byte[] seal(byte[] body) {
        ByteBuffer sealed = ByteBuffer.allocate(body.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        sealed.put(body).putLong(12, sealed.capacity());
        CRC32C crc = new CRC32C();
        crc.update(sealed.array(), 0, body.length);
        return sealed.putInt((int) crc.getValue()).array();
    }
}
