package io.ddestream.engine.snapshot;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strict UTF-8 coding. {@link String#getBytes} and {@code new String(bytes, UTF_8)} silently
 * substitute invalid input, which would let a name change between writing and reading.
 */
final class Utf8 {

    private Utf8() {
    }

    /** Encodes {@code text}; throws {@link IllegalArgumentException} on an unpaired surrogate. */
    static byte[] encode(String text, String what) {
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text));
            return Arrays.copyOf(bytes.array(), bytes.limit());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " is not valid Unicode", e);
        }
    }

    /** Decodes {@code bytes}; throws {@link IllegalArgumentException} if they are not valid UTF-8. */
    static String decode(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " is not valid UTF-8", e);
        }
    }
}
