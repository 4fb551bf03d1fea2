package atenet.wire.handshake;

import atenet.wire.crypto.X25519Keys;
import atenet.wire.overlay.MessageKind;
import atenet.wire.overlay.OverlayCodec;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.SplittableRandom;

import static atenet.wire.handshake.HandshakeLayout.*;
import static org.junit.jupiter.api.Assertions.*;

class HandshakeMacsTest {
    private static byte[] bytes(long seed, int n) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static final byte[] NODE_PUB = X25519Keys.publicOf(bytes(1, 32));
    private static final byte[] COOKIE_KEY = HandshakeMacs.cookieKey(NODE_PUB);
    private static final byte[] MAC1 = bytes(2, 16);
    private static final byte[] COOKIE = bytes(3, 16);
    private static final byte[] NONCE = bytes(4, 12);

    private static byte[] reply() {
        byte[] out = new byte[COOKIE_LEN];
        assertEquals(COOKIE_LEN, HandshakeMacs.writeCookieReply(out, 0x01020304, NONCE, COOKIE, COOKIE_KEY, MAC1));
        return out;
    }

    @Test
    void keysAreLabelledHashesOfTheStaticKey() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update("mac1----".getBytes(StandardCharsets.US_ASCII));
        md.update(NODE_PUB);
        assertArrayEquals(md.digest(), HandshakeMacs.mac1Key(NODE_PUB));
        md.update("cookie--".getBytes(StandardCharsets.US_ASCII));
        md.update(NODE_PUB);
        assertArrayEquals(md.digest(), HandshakeMacs.cookieKey(NODE_PUB));
        assertFalse(Arrays.equals(HandshakeMacs.mac1Key(NODE_PUB), HandshakeMacs.cookieKey(NODE_PUB)));
    }

    @Test
    void macIsTruncatedHmacSha256OverThePrefix() throws Exception {
        byte[] key = bytes(5, 32);
        byte[] msg = bytes(6, 100);
        HandshakeMacs.writeMac(key, msg, 60);
        Mac m = Mac.getInstance("HmacSHA256");
        m.init(new SecretKeySpec(key, "HmacSHA256"));
        m.update(msg, 0, 60);
        assertArrayEquals(Arrays.copyOf(m.doFinal(), MAC_LEN), Arrays.copyOfRange(msg, 60, 76));
        assertArrayEquals(Arrays.copyOfRange(bytes(6, 100), 76, 100), Arrays.copyOfRange(msg, 76, 100), "writeMac writes 16 bytes only");
        assertArrayEquals(Arrays.copyOf(bytes(6, 100), 60), Arrays.copyOf(msg, 60), "and nothing before them");
        assertTrue(HandshakeMacs.checkMac(key, msg, 60));
        for (int i = 0; i < 76; i++) {
            byte[] p = msg.clone();
            p[i] ^= 0x40;
            assertFalse(HandshakeMacs.checkMac(key, p, 60), "byte " + i);
        }
        // bytes after the MAC are not covered
        byte[] p = msg.clone();
        p[80] ^= 1;
        assertTrue(HandshakeMacs.checkMac(key, p, 60));
        byte[] otherKey = key.clone();
        otherKey[0] ^= 1;
        assertFalse(HandshakeMacs.checkMac(otherKey, msg, 60));
    }

    @Test
    void cookieReplyRoundTrip() {
        byte[] r = reply();
        assertEquals(MessageKind.COOKIE, r[0]);
        assertEquals(0x01020304, OverlayCodec.getInt(r, COOKIE_OFFSET_RECEIVER));
        assertArrayEquals(NONCE, Arrays.copyOfRange(r, COOKIE_OFFSET_NONCE, COOKIE_OFFSET_NONCE + COOKIE_NONCE_LEN));
        assertFalse(Arrays.equals(COOKIE, Arrays.copyOfRange(r, COOKIE_OFFSET_SEALED, COOKIE_OFFSET_SEALED + 16)),
                "the cookie travels encrypted");
        assertArrayEquals(COOKIE, HandshakeMacs.openCookieReply(r, COOKIE_LEN, COOKIE_KEY, MAC1));
    }

    @Test
    void cookieReplyFitsAnExactArrayAndWritesNoMore() {
        byte[] out = new byte[COOKIE_LEN + 8];
        Arrays.fill(out, (byte) 0x5a);
        assertEquals(COOKIE_LEN, HandshakeMacs.writeCookieReply(out, 1, NONCE, COOKIE, COOKIE_KEY, MAC1));
        for (int i = COOKIE_LEN; i < out.length; i++) {
            assertEquals(0x5a, out[i], "byte " + i);
        }
    }

    @Test
    void wrongAadIsRefused() {
        byte[] otherMac1 = MAC1.clone();
        otherMac1[15] ^= 1;
        assertNull(HandshakeMacs.openCookieReply(reply(), COOKIE_LEN, COOKIE_KEY, otherMac1));
        assertNull(HandshakeMacs.openCookieReply(reply(), COOKIE_LEN, COOKIE_KEY, new byte[16]));
        assertNull(HandshakeMacs.openCookieReply(reply(), COOKIE_LEN, COOKIE_KEY, null));
        assertNull(HandshakeMacs.openCookieReply(reply(), COOKIE_LEN, COOKIE_KEY, Arrays.copyOf(MAC1, 15)));
    }

    @Test
    void wrongKeyIsRefused() {
        assertNull(HandshakeMacs.openCookieReply(reply(), COOKIE_LEN, HandshakeMacs.cookieKey(bytes(9, 32)), MAC1));
        assertNull(HandshakeMacs.openCookieReply(reply(), COOKIE_LEN, HandshakeMacs.mac1Key(NODE_PUB), MAC1));
    }

    @Test
    void wrongLengthIsRefused() {
        byte[] r = Arrays.copyOf(reply(), COOKIE_LEN + 20);
        for (int len : new int[]{0, 1, 17, COOKIE_LEN - 1, COOKIE_LEN + 1, COOKIE_LEN + 20, -1}) {
            assertNull(HandshakeMacs.openCookieReply(r, len, COOKIE_KEY, MAC1), "length " + len);
        }
        assertArrayEquals(COOKIE, HandshakeMacs.openCookieReply(r, COOKIE_LEN, COOKIE_KEY, MAC1));
    }

    @Test
    void flippedNonceOrSealedByteIsRefused() {
        byte[] r = reply();
        for (int i = COOKIE_OFFSET_NONCE; i < COOKIE_LEN; i++) {
            byte[] p = r.clone();
            p[i] ^= 0x01;
            assertNull(HandshakeMacs.openCookieReply(p, COOKIE_LEN, COOKIE_KEY, MAC1), "byte " + i);
        }
    }

    @Test
    void differentNoncesGiveDifferentCiphertexts() {
        byte[] a = new byte[COOKIE_LEN];
        byte[] b = new byte[COOKIE_LEN];
        HandshakeMacs.writeCookieReply(a, 1, bytes(20, 12), COOKIE, COOKIE_KEY, MAC1);
        HandshakeMacs.writeCookieReply(b, 1, bytes(21, 12), COOKIE, COOKIE_KEY, MAC1);
        assertFalse(Arrays.equals(Arrays.copyOfRange(a, COOKIE_OFFSET_SEALED, COOKIE_LEN),
                Arrays.copyOfRange(b, COOKIE_OFFSET_SEALED, COOKIE_LEN)));
        assertArrayEquals(COOKIE, HandshakeMacs.openCookieReply(a, COOKIE_LEN, COOKIE_KEY, MAC1));
        assertArrayEquals(COOKIE, HandshakeMacs.openCookieReply(b, COOKIE_LEN, COOKIE_KEY, MAC1));
    }

    @Test
    void randomRepliesNeverThrowAndNeverOpen() {
        SplittableRandom r = new SplittableRandom(31);
        for (int i = 0; i < 2_000; i++) {
            byte[] msg = new byte[COOKIE_LEN];
            r.nextBytes(msg);
            assertNull(assertDoesNotThrow(() -> HandshakeMacs.openCookieReply(msg, COOKIE_LEN, COOKIE_KEY, MAC1)));
        }
    }
}
