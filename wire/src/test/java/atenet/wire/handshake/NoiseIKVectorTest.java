package atenet.wire.handshake;

import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Unit layer: {@link NoiseIK} against a published test vector for {@code Noise_IK_25519_AESGCM_SHA256}
 * (fixed static and ephemeral keys, the vector format of the Noise test suites — screech / titanous-noise,
 * cacophony-style: keys 00..1f, 01..20, 20..3f, 41..60; prologue "notsecret"). Byte for byte: both handshake
 * messages and the first transport message in each direction.
 */
class NoiseIKVectorTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] PROLOGUE = HEX.parseHex("6e6f74736563726574");
    private static final byte[] INIT_STATIC = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final byte[] INIT_EPHEMERAL = HEX.parseHex("202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f");
    private static final byte[] RESP_STATIC = HEX.parseHex("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
    private static final byte[] RESP_STATIC_PUBLIC = HEX.parseHex("07a37cbc142093c8b755dc1b10e86cb426374ad16aa853ed0bdfc0b2b86d1c7c");
    private static final byte[] RESP_EPHEMERAL = HEX.parseHex("4142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f60");
    private static final String[][] MESSAGES = {
            {"746573745f6d73675f30", "358072d6365880d1aeea329adf9121383851ed21a28e3b75e965d0d2cd16625419d6fab175300a577115c701c41ed"
                    + "681373f0432f81d3bf8676bd05216cd1919e61b75ccef0c0cf0b216fcdf371d0859e6d8177aa9777fe9b8435bb6f8202c3acd9051a9aee0a63e76f6"},
            {"746573745f6d73675f31", "64b101b1d0be5a8704bd078f9895001fc03e8e9f9522f188dd128d9846d4846658a7bb8caac5097833909e90778571d34ce0e5b6ea4c3a76f102"},
            {"79656c6c6f777375626d6172696e65", "80a75e75c8e8d2e9c2a6c7bc6e550c4997d6d2b45429a530821c4aa5d36f27"},
            {"7375626d6172696e6579656c6c6f77", "b8475410da62a98493d33a1e669f8f56dd8f61d449b53bd375299c3435424a"},
    };

    @Test
    void handshakeAndTransportMatchThePublishedVector() throws Exception {
        assertArrayEquals(RESP_STATIC_PUBLIC, atenet.wire.crypto.X25519Keys.publicOf(RESP_STATIC));
        NoiseIK init = NoiseIK.initiator(INIT_STATIC, RESP_STATIC_PUBLIC, PROLOGUE);
        NoiseIK resp = NoiseIK.responder(RESP_STATIC, PROLOGUE);

        byte[] out = new byte[256];
        int n1 = init.writeMessage1(INIT_EPHEMERAL, HEX.parseHex(MESSAGES[0][0]), out, 0);
        assertEquals(MESSAGES[0][1], HEX.formatHex(out, 0, n1), "message 1");
        assertEquals(MESSAGES[0][0], HEX.formatHex(resp.readMessage1(out, 0, n1)));

        int n2 = resp.writeMessage2(RESP_EPHEMERAL, HEX.parseHex(MESSAGES[1][0]), out, 0);
        assertEquals(MESSAGES[1][1], HEX.formatHex(out, 0, n2), "message 2");
        assertEquals(MESSAGES[1][0], HEX.formatHex(init.readMessage2(out, 0, n2)));
        assertArrayEquals(init.handshakeHash(), resp.handshakeHash());

        byte[][] ki = init.split();
        byte[][] kr = resp.split();
        assertArrayEquals(ki[0], kr[0]);
        assertArrayEquals(ki[1], kr[1]);
        // Transport messages (nonce 0, empty associated data): initiator → responder, then back.
        assertEquals(MESSAGES[2][1], HEX.formatHex(seal(ki[0], HEX.parseHex(MESSAGES[2][0]))), "transport message 1");
        assertEquals(MESSAGES[3][1], HEX.formatHex(seal(kr[1], HEX.parseHex(MESSAGES[3][0]))), "transport message 2");
    }

    private static byte[] seal(byte[] key, byte[] plain) throws Exception {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, new byte[12]));
        return c.doFinal(plain);
    }

    @Test
    void anyChangedByteOfTheVectorsMessage1IsRefused() {
        byte[] m1 = HEX.parseHex(MESSAGES[0][1]);
        for (int i = 0; i < m1.length; i++) {
            byte[] bad = Arrays.copyOf(m1, m1.length);
            bad[i] ^= (byte) 0x80;
            assertNull(NoiseIK.responder(RESP_STATIC, PROLOGUE).readMessage1(bad, 0, bad.length), "byte " + i);
        }
    }
}
