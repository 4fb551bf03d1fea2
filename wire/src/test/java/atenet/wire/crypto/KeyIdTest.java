package atenet.wire.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class KeyIdTest {
    private static final byte[] KEY = HexFormat.of().parseHex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");

    @Test
    void stableValueIsFirst8BytesOfSha256BigEndian() throws Exception {
        byte[] h = MessageDigest.getInstance("SHA-256").digest(KEY);
        long expected = ByteBuffer.wrap(h, 0, 8).getLong();
        assertEquals(expected, KeyId.of(KEY));
        assertEquals(KeyId.of(KEY), KeyId.of(KEY.clone()));
        assertEquals(HexFormat.of().formatHex(h, 0, 8), KeyId.hex(KeyId.of(KEY)));
    }

    @Test
    void sha256KnownAnswerAndConcatenation() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                HexFormat.of().formatHex(KeyId.sha256("abc".getBytes())));
        assertArrayEquals(KeyId.sha256("abc".getBytes()), KeyId.sha256("a".getBytes(), "bc".getBytes()));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                HexFormat.of().formatHex(KeyId.sha256()));
        // empty key: id is e3b0c44298fc1c14
        assertEquals(0xe3b0c44298fc1c14L, KeyId.of(new byte[0]));
    }

    @Test
    void differentKeysGiveDifferentIds() {
        byte[] k2 = KEY.clone();
        k2[31] ^= 1;
        assertNotEquals(KeyId.of(KEY), KeyId.of(k2));
    }

    @Test
    void hexFormat() {
        assertEquals("0000000000000000", KeyId.hex(0));
        assertEquals("0000000000000001", KeyId.hex(1));
        assertEquals("ffffffffffffffff", KeyId.hex(-1));
        assertEquals("8000000000000000", KeyId.hex(Long.MIN_VALUE));
        assertEquals("7fffffffffffffff", KeyId.hex(Long.MAX_VALUE));
        assertEquals("00000000deadbeef", KeyId.hex(0xdeadbeefL));
    }

    @Test
    void hexParseRoundTrip() {
        SplittableRandom r = new SplittableRandom(5);
        long[] fixed = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0xdeadbeefL};
        for (long v : fixed) {
            assertEquals(v, KeyId.parse(KeyId.hex(v)));
        }
        for (int i = 0; i < 10_000; i++) {
            long v = r.nextLong();
            String h = KeyId.hex(v);
            assertEquals(16, h.length());
            assertEquals(h.toLowerCase(), h);
            assertEquals(v, KeyId.parse(h));
        }
    }

    @Test
    void parseAcceptsUpperCase() {
        assertEquals(0xABCDEF0123456789L, KeyId.parse("ABCDEF0123456789"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "123456789abcdef", "0123456789abcdef0", "00000000000000000000",
            "0123456789abcdeg", "0123456789abcde ", " 0123456789abcde", "-123456789abcdef", "0x23456789abcdef",
            "zzzzzzzzzzzzzzzz", "0123456789abcd\u00e9f", "012345678-abcdef"})
    void parseRejectsMalformed(String s) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyId.parse(s));
        assertEquals("a key id is 16 hex digits, got '" + s + "'", e.getMessage());
    }

    @Test
    void parseRejectsNull() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyId.parse(null));
        assertEquals("a key id is 16 hex digits, got 'null'", e.getMessage());
    }

    @Test
    void parseRejectsLeadingPlus() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyId.parse("+123456789abcdef"));
        assertEquals("a key id is 16 hex digits, got '+123456789abcdef'", e.getMessage());
    }
}
