package atenet.wire.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.SecureRandom;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.*;

class X25519KeysTest {
    private static final HexFormat HEX = HexFormat.of();
    // RFC 7748 section 6.1
    private static final byte[] ALICE_PRIV = HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    private static final byte[] ALICE_PUB = HEX.parseHex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    private static final byte[] BOB_PRIV = HEX.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    private static final byte[] BOB_PUB = HEX.parseHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    private static final byte[] SHARED = HEX.parseHex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

    @Test
    void rfc7748PublicKeys() {
        assertArrayEquals(ALICE_PUB, X25519Keys.publicOf(ALICE_PRIV));
        assertArrayEquals(BOB_PUB, X25519Keys.publicOf(BOB_PRIV));
    }

    @Test
    void rfc7748SharedSecret() {
        assertArrayEquals(SHARED, X25519Keys.agree(ALICE_PRIV, BOB_PUB));
        assertArrayEquals(SHARED, X25519Keys.agree(BOB_PRIV, ALICE_PUB));
    }

    /** RFC 7748 section 5.2, the first single-iteration vector. */
    @Test
    void rfc7748ScalarMultVector() {
        byte[] k = HEX.parseHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
        byte[] u = HEX.parseHex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");
        assertEquals("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552", HEX.formatHex(X25519Keys.agree(k, u)));
    }

    @Test
    void inputsAreNotModified() {
        byte[] a = ALICE_PRIV.clone();
        byte[] b = BOB_PUB.clone();
        X25519Keys.agree(a, b);
        X25519Keys.publicOf(a);
        assertArrayEquals(ALICE_PRIV, a);
        assertArrayEquals(BOB_PUB, b);
    }

    @Test
    void generatedKeysAgree() {
        SecureRandom r = new SecureRandom();
        for (int i = 0; i < 20; i++) {
            byte[] a = X25519Keys.generatePrivate(r);
            byte[] b = X25519Keys.generatePrivate(r);
            assertEquals(X25519Keys.KEY_LEN, a.length);
            assertArrayEquals(X25519Keys.agree(a, X25519Keys.publicOf(b)), X25519Keys.agree(b, X25519Keys.publicOf(a)));
        }
        assertFalse(java.util.Arrays.equals(X25519Keys.generatePrivate(r), X25519Keys.generatePrivate(r)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 31, 33, 64})
    void wrongLengthsAreRefusedWithAClearMessage(int len) {
        byte[] bad = new byte[len];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> X25519Keys.publicOf(bad));
        assertEquals("X25519 private key must be 32 bytes, got " + len, e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> X25519Keys.agree(bad, BOB_PUB));
        assertEquals("X25519 private key must be 32 bytes, got " + len, e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> X25519Keys.agree(ALICE_PRIV, bad));
        assertEquals("X25519 public key must be 32 bytes, got " + len, e.getMessage());
    }

    @Test
    void nullKeysAreRefusedWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> X25519Keys.publicOf(null));
        assertEquals("X25519 private key must be 32 bytes, got none", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> X25519Keys.agree(ALICE_PRIV, null));
        assertEquals("X25519 public key must be 32 bytes, got none", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> X25519Keys.agree(null, BOB_PUB));
        assertEquals("X25519 private key must be 32 bytes, got none", e.getMessage());
    }

    @Test
    void lowOrderPointsAreRefused() {
        String[] lowOrder = {
                "0000000000000000000000000000000000000000000000000000000000000000", // 0
                "0100000000000000000000000000000000000000000000000000000000000000", // 1
                "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", // order 8
                "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157", // order 8
                "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p - 1
                "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p  (= 0)
                "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p + 1 (= 1)
        };
        for (String hex : lowOrder) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> X25519Keys.agree(ALICE_PRIV, HEX.parseHex(hex)), hex);
            assertTrue(e.getMessage().contains("low-order"), e.getMessage());
        }
    }
}
