package atenet.wire.crypto;

import atenet.wire.overlay.OverlayCodec;
import atenet.wire.overlay.PacketType;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.spec.SecretKeySpec;
import java.util.Arrays;
import java.util.SplittableRandom;

import static atenet.wire.overlay.OverlayHeader.*;
import static org.junit.jupiter.api.Assertions.*;

class PacketCipherTest {
    private static final SplittableRandom RND = new SplittableRandom(0x5eed);

    private static byte[] randomBytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static SecretKeySpec key(byte[] raw) {
        return new SecretKeySpec(raw, "AES");
    }

    private static final byte[] KEY_A = randomBytes(new SplittableRandom(1), 32);
    private static final byte[] KEY_B = randomBytes(new SplittableRandom(2), 32);

    /** Writes header + type + payload into a max-size array; returns the plaintext length (type + payload). */
    private static int plain(byte[] pkt, long counter, byte[] payload) {
        OverlayCodec.writeHeader(pkt, 0x8899aabb, counter);
        pkt[OFFSET_TYPE] = PacketType.FRAME;
        System.arraycopy(payload, 0, pkt, OFFSET_TYPE + 1, payload.length);
        return TYPE_LEN + payload.length;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 16, 17, 1400, MAX_PAYLOAD_LEN})
    void sealOpenRoundTrip(int payloadLen) {
        PacketCipher c = new PacketCipher();
        byte[] payload = randomBytes(RND, payloadLen);
        byte[] pkt = new byte[MAX_PACKET_LEN];
        int plainLen = plain(pkt, 1234567, payload);
        byte[] header = Arrays.copyOf(pkt, HEADER_LEN);
        int len = c.seal(pkt, plainLen, key(KEY_A));
        assertEquals(HEADER_LEN + plainLen + TAG_LEN, len);
        assertEquals(OVERHEAD + payloadLen, len);
        assertTrue(OverlayCodec.hasSealedLength(len));
        assertArrayEquals(header, Arrays.copyOf(pkt, HEADER_LEN), "the header stays in clear");
        if (payloadLen >= 16) {
            assertFalse(Arrays.equals(payload, Arrays.copyOfRange(pkt, OFFSET_TYPE + 1, OFFSET_TYPE + 1 + payloadLen)),
                    "payload must be encrypted");
        }
        int n = c.open(pkt, len, key(KEY_A));
        assertEquals(plainLen, n);
        assertEquals(PacketType.FRAME, pkt[OFFSET_TYPE]);
        assertArrayEquals(payload, Arrays.copyOfRange(pkt, OFFSET_TYPE + 1, OFFSET_TYPE + 1 + payloadLen));
        assertArrayEquals(header, Arrays.copyOf(pkt, HEADER_LEN));
    }

    @Test
    void sealFitsExactlySizedArray() {
        PacketCipher c = new PacketCipher();
        byte[] pkt = new byte[MIN_SEALED_LEN];
        OverlayCodec.writeHeader(pkt, 4, 5);
        pkt[OFFSET_TYPE] = PacketType.KEEPALIVE;
        assertEquals(MIN_SEALED_LEN, c.seal(pkt, 1, key(KEY_A)));
        assertEquals(1, c.open(pkt, MIN_SEALED_LEN, key(KEY_A)));
        assertEquals(PacketType.KEEPALIVE, pkt[OFFSET_TYPE]);
    }

    @Test
    void openWithWrongKeyFails() {
        PacketCipher c = new PacketCipher();
        byte[] pkt = new byte[MAX_PACKET_LEN];
        int len = c.seal(pkt, plain(pkt, 1, randomBytes(RND, 100)), key(KEY_A));
        byte[] copy = pkt.clone();
        assertEquals(-1, c.open(pkt, len, key(KEY_B)));
        // the right key still opens an untouched copy afterwards: the failure left the cipher usable
        assertEquals(101, c.open(copy, len, key(KEY_A)));
    }

    @Test
    void everySingleBitFlipIsRejected() {
        PacketCipher c = new PacketCipher();
        byte[] pkt = new byte[MAX_PACKET_LEN];
        int len = c.seal(pkt, plain(pkt, 77, randomBytes(RND, 10)), key(KEY_A));
        byte[] sealed = Arrays.copyOf(pkt, len);
        for (int pos = 0; pos < len; pos++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] p = Arrays.copyOf(sealed, MAX_PACKET_LEN);
                p[pos] ^= (byte) (1 << bit);
                String where = pos < HEADER_LEN ? "header" : pos < len - TAG_LEN ? "ciphertext" : "tag";
                assertEquals(-1, c.open(p, len, key(KEY_A)), "flip of bit " + bit + " of byte " + pos + " (" + where + ")");
            }
        }
        byte[] p = Arrays.copyOf(sealed, MAX_PACKET_LEN);
        assertEquals(11, c.open(p, len, key(KEY_A)), "the unmodified packet still opens");
    }

    /** The clear header is the AAD: a packet re-addressed to another session, or relabelled, does not open. */
    @Test
    void receiverIndexAndKindAreAuthenticated() {
        PacketCipher c = new PacketCipher();
        byte[] pkt = new byte[MAX_PACKET_LEN];
        int len = c.seal(pkt, plain(pkt, 42, randomBytes(RND, 20)), key(KEY_A));
        byte[] sealed = Arrays.copyOf(pkt, MAX_PACKET_LEN);

        byte[] p = sealed.clone();
        OverlayCodec.putInt(p, OFFSET_RECEIVER, OverlayCodec.receiver(sealed) + 1);
        assertEquals(-1, c.open(p, len, key(KEY_A)), "another receiver index");

        for (int kind = 0; kind < 256; kind++) {
            if ((byte) kind == sealed[OFFSET_KIND]) {
                continue;
            }
            p = sealed.clone();
            p[OFFSET_KIND] = (byte) kind;
            assertEquals(-1, c.open(p, len, key(KEY_A)), "kind byte " + kind);
        }
        assertEquals(21, c.open(sealed.clone(), len, key(KEY_A)));
    }

    /** Nothing outside [0, len) is read: bytes after the packet may be anything. */
    @Test
    void bytesAfterThePacketAreIgnored() {
        PacketCipher c = new PacketCipher();
        byte[] pkt = new byte[MAX_PACKET_LEN];
        int len = c.seal(pkt, plain(pkt, 8, randomBytes(RND, 40)), key(KEY_A));
        Arrays.fill(pkt, len, pkt.length, (byte) 0x77);
        assertEquals(41, c.open(pkt, len, key(KEY_A)));
    }

    @Test
    void truncatedOrExtendedPacketIsRejected() {
        PacketCipher c = new PacketCipher();
        byte[] pkt = new byte[MAX_PACKET_LEN];
        int len = c.seal(pkt, plain(pkt, 9, randomBytes(RND, 64)), key(KEY_A));
        byte[] sealed = Arrays.copyOf(pkt, MAX_PACKET_LEN);
        for (int l = 0; l < len; l++) {
            byte[] p = sealed.clone();
            assertEquals(-1, c.open(p, l, key(KEY_A)), "length " + l);
        }
        for (int l = len + 1; l <= Math.min(len + 40, MAX_PACKET_LEN); l++) {
            byte[] p = sealed.clone();
            assertEquals(-1, c.open(p, l, key(KEY_A)), "length " + l);
        }
        assertEquals(65, c.open(sealed.clone(), len, key(KEY_A)));
    }

    @Test
    void shortLengthsReturnMinusOneWithoutTouchingTheArray() {
        PacketCipher c = new PacketCipher();
        for (int l = -1; l < MIN_SEALED_LEN; l++) {
            assertEquals(-1, c.open(new byte[0], l, key(KEY_A)), "length " + l);
            assertEquals(-1, c.open(new byte[MIN_SEALED_LEN], l, key(KEY_A)), "length " + l);
        }
    }

    @Test
    void randomGarbageNeverThrowsAndNeverOpens() {
        PacketCipher c = new PacketCipher();
        SplittableRandom r = new SplittableRandom(99);
        byte[] pkt = new byte[MAX_PACKET_LEN];
        for (int i = 0; i < 5_000; i++) {
            r.nextBytes(pkt);
            int len = r.nextInt(MAX_PACKET_LEN + 1);
            assertEquals(-1, assertDoesNotThrow(() -> c.open(pkt, len, key(KEY_A))));
        }
    }

    @Test
    void differentCountersGiveDifferentCiphertexts() {
        PacketCipher c = new PacketCipher();
        byte[] payload = randomBytes(RND, 200);
        byte[] p1 = new byte[MAX_PACKET_LEN];
        byte[] p2 = new byte[MAX_PACKET_LEN];
        int l1 = c.seal(p1, plain(p1, 1, payload), key(KEY_A));
        int l2 = c.seal(p2, plain(p2, 2, payload), key(KEY_A));
        assertEquals(l1, l2);
        byte[] ct1 = Arrays.copyOfRange(p1, HEADER_LEN, l1);
        byte[] ct2 = Arrays.copyOfRange(p2, HEADER_LEN, l2);
        assertFalse(Arrays.equals(ct1, ct2));
        // not even the first 16-byte block (keystream) coincides
        assertFalse(Arrays.equals(Arrays.copyOf(ct1, 16), Arrays.copyOf(ct2, 16)));
        // a packet sealed under counter 1 does not open if its header claims counter 2
        OverlayCodec.putLong(p1, OFFSET_COUNTER, 2);
        assertEquals(-1, c.open(p1, l1, key(KEY_A)));
    }

    @Test
    void differentKeysGiveDifferentCiphertexts() {
        PacketCipher c = new PacketCipher();
        byte[] payload = randomBytes(RND, 50);
        byte[] p1 = new byte[MAX_PACKET_LEN];
        byte[] p2 = new byte[MAX_PACKET_LEN];
        int l1 = c.seal(p1, plain(p1, 5, payload), key(KEY_A));
        int l2 = c.seal(p2, plain(p2, 5, payload), key(KEY_B));
        assertFalse(Arrays.equals(Arrays.copyOfRange(p1, HEADER_LEN, l1), Arrays.copyOfRange(p2, HEADER_LEN, l2)));
    }

    @Test
    void sealingTheSameKeyAndCounterTwiceInARowIsRefused() {
        // SunJCE refuses an immediate (key, IV) reuse for encryption; PacketCipher wraps it as a programming error.
        PacketCipher c = new PacketCipher();
        byte[] p = new byte[MAX_PACKET_LEN];
        c.seal(p, plain(p, 3, new byte[10]), key(KEY_A));
        byte[] q = new byte[MAX_PACKET_LEN];
        assertThrows(IllegalStateException.class, () -> c.seal(q, plain(q, 3, new byte[10]), key(KEY_A)));
        // the cipher recovers for the next counter
        byte[] r = new byte[MAX_PACKET_LEN];
        int len = c.seal(r, plain(r, 4, new byte[10]), key(KEY_A));
        assertEquals(11, c.open(r, len, key(KEY_A)));
    }

    @Test
    void extremeCountersRoundTrip() {
        PacketCipher c = new PacketCipher();
        for (long counter : new long[]{1, 0xffffffffL, 1L << 32, Long.MAX_VALUE, -1L, Long.MIN_VALUE}) {
            byte[] pkt = new byte[MAX_PACKET_LEN];
            byte[] payload = randomBytes(RND, 33);
            int len = c.seal(pkt, plain(pkt, counter, payload), key(KEY_A));
            assertEquals(bcSeal(KEY_A, counter, pkt, len), hex(Arrays.copyOf(pkt, len)));
            assertEquals(34, c.open(pkt, len, key(KEY_A)));
            assertArrayEquals(payload, Arrays.copyOfRange(pkt, OFFSET_TYPE + 1, OFFSET_TYPE + 34));
        }
    }

    @Test
    void warmedLoopOf100kSealOpen() {
        PacketCipher sealer = new PacketCipher();
        PacketCipher opener = new PacketCipher();
        SecretKeySpec k = key(KEY_A);
        byte[] pkt = new byte[MAX_PACKET_LEN];
        SplittableRandom r = new SplittableRandom(7);
        byte[] payload = randomBytes(r, MAX_PAYLOAD_LEN);
        for (int i = 1; i <= 100_000; i++) {
            int payloadLen = (i * 37) % (MAX_PAYLOAD_LEN + 1);
            OverlayCodec.writeHeader(pkt, 4, i);
            pkt[OFFSET_TYPE] = PacketType.FRAME;
            System.arraycopy(payload, 0, pkt, OFFSET_TYPE + 1, payloadLen);
            int len = sealer.seal(pkt, TYPE_LEN + payloadLen, k);
            int n = opener.open(pkt, len, k);
            if (n != TYPE_LEN + payloadLen || pkt[OFFSET_TYPE + payloadLen] != (payloadLen == 0 ? PacketType.FRAME : payload[payloadLen - 1])) {
                fail("iteration " + i + ": open returned " + n);
            }
        }
    }

    // ---- cross-check against an independent AES-GCM (BouncyCastle lightweight API) ----

    private static byte[] nonce(long counter) {
        byte[] n = new byte[12];
        for (int i = 0; i < 8; i++) {
            n[4 + i] = (byte) (counter >>> (56 - 8 * i));
        }
        return n;
    }

    /** BC-seals the plaintext that {@code sealedPkt} carried: decrypts it first with BC, then re-encrypts. */
    private static String bcSeal(byte[] key, long counter, byte[] sealedPkt, int len) {
        byte[] header = Arrays.copyOf(sealedPkt, HEADER_LEN);
        byte[] pt = bcProcess(false, key, counter, header, Arrays.copyOfRange(sealedPkt, HEADER_LEN, len));
        byte[] ct = bcProcess(true, key, counter, header, pt);
        byte[] out = Arrays.copyOf(header, HEADER_LEN + ct.length);
        System.arraycopy(ct, 0, out, HEADER_LEN, ct.length);
        return hex(out);
    }

    private static byte[] bcProcess(boolean encrypt, byte[] key, long counter, byte[] aad, byte[] in) {
        GCMBlockCipher gcm = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(encrypt, new AEADParameters(new KeyParameter(key), 128, nonce(counter), aad));
        byte[] out = new byte[gcm.getOutputSize(in.length)];
        int n = gcm.processBytes(in, 0, in.length, out, 0);
        try {
            n += gcm.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new AssertionError("BouncyCastle refused the packet: " + e.getMessage(), e);
        }
        return Arrays.copyOf(out, n);
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 16, 17, 1400, MAX_PAYLOAD_LEN})
    void sealMatchesBouncyCastleGcm(int payloadLen) {
        SplittableRandom r = new SplittableRandom(payloadLen);
        byte[] key = randomBytes(r, 32);
        long counter = r.nextLong();
        byte[] payload = randomBytes(r, payloadLen);
        byte[] pkt = new byte[MAX_PACKET_LEN];
        OverlayCodec.writeHeader(pkt, r.nextInt(), counter);
        pkt[OFFSET_TYPE] = PacketType.FRAME;
        System.arraycopy(payload, 0, pkt, OFFSET_TYPE + 1, payloadLen);
        byte[] header = Arrays.copyOf(pkt, HEADER_LEN);
        byte[] plaintext = Arrays.copyOfRange(pkt, HEADER_LEN, HEADER_LEN + 1 + payloadLen);

        int len = new PacketCipher().seal(pkt, 1 + payloadLen, key(key));

        byte[] expected = bcProcess(true, key, counter, header, plaintext);
        assertEquals(hex(expected), hex(Arrays.copyOfRange(pkt, HEADER_LEN, len)));
        assertEquals(HEADER_LEN + expected.length, len);

        // and the other way round: a BC-sealed packet opens with PacketCipher
        byte[] bcPkt = new byte[MAX_PACKET_LEN];
        System.arraycopy(header, 0, bcPkt, 0, HEADER_LEN);
        System.arraycopy(expected, 0, bcPkt, HEADER_LEN, expected.length);
        assertEquals(1 + payloadLen, new PacketCipher().open(bcPkt, HEADER_LEN + expected.length, key(key)));
        assertArrayEquals(plaintext, Arrays.copyOfRange(bcPkt, HEADER_LEN, HEADER_LEN + 1 + payloadLen));
    }

    /** NIST GCM spec test case 16 (AES-256, 96-bit IV, AAD) — sanity check of the BC reference itself. */
    @Test
    void bouncyCastleReferenceMatchesNistVector() {
        byte[] k = unhex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
        byte[] iv = unhex("cafebabefacedbaddecaf888");
        byte[] pt = unhex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
        byte[] aad = unhex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        GCMBlockCipher gcm = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(true, new AEADParameters(new KeyParameter(k), 128, iv, aad));
        byte[] out = new byte[gcm.getOutputSize(pt.length)];
        int n = gcm.processBytes(pt, 0, pt.length, out, 0);
        assertDoesNotThrow(() -> gcm.doFinal(out, n));
        assertEquals("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
                + "76fc6ece0f4e1768cddf8853bb2d551b", hex(out));
    }

    private static byte[] unhex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
