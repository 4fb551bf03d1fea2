package atenet.wire.handshake;

import atenet.wire.crypto.X25519Keys;
import com.southernstorm.noise.protocol.CipherStatePair;
import com.southernstorm.noise.protocol.HandshakeState;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Unit layer: {@link NoiseIK} against an independent implementation of the same protocol name
 * (noise-java, Signal's fork of rweather's library, which its authors check against the published
 * cacophony vectors), in both roles, byte for byte through the transport keys.
 */
class NoiseIKTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] PROLOGUE = "atenet test prologue".getBytes(StandardCharsets.US_ASCII);

    private static byte[] key(int seed) {
        byte[] k = new byte[32];
        new java.util.Random(seed).nextBytes(k);
        return k;
    }

    @Test
    void ourInitiatorCompletesWithNoiseJavaResponder() throws Exception {
        byte[] initStatic = key(1);
        byte[] respStatic = key(2);
        NoiseIK ours = NoiseIK.initiator(initStatic, X25519Keys.publicOf(respStatic), PROLOGUE);
        byte[] msg1 = new byte[200];
        byte[] payload1 = "hello responder".getBytes(StandardCharsets.US_ASCII);
        int n1 = ours.writeMessage1(key(3), payload1, msg1, 0);
        assertEquals(NoiseIK.message1Len(payload1.length), n1);

        HandshakeState theirs = new HandshakeState(NoiseIK.PROTOCOL_NAME, HandshakeState.RESPONDER);
        theirs.getLocalKeyPair().setPrivateKey(respStatic, 0);
        theirs.setPrologue(PROLOGUE, 0, PROLOGUE.length);
        theirs.start();
        byte[] got = new byte[100];
        int gl = theirs.readMessage(msg1, 0, n1, got, 0);
        assertArrayEquals(payload1, Arrays.copyOf(got, gl));
        byte[] remote = new byte[32];
        theirs.getRemotePublicKey().getPublicKey(remote, 0);
        assertArrayEquals(X25519Keys.publicOf(initStatic), remote);

        byte[] payload2 = {0, 5, 120};
        byte[] msg2 = new byte[100];
        int n2 = theirs.writeMessage(msg2, 0, payload2, 0, payload2.length);
        assertEquals(NoiseIK.message2Len(payload2.length), n2);
        assertArrayEquals(payload2, ours.readMessage2(msg2, 0, n2));
        assertArrayEquals(theirs.getHandshakeHash(), ours.handshakeHash());

        byte[][] keys = ours.split();
        CipherStatePair pair = theirs.split();
        // initiator -> responder with keys[0]: noise-java's receiver opens it
        byte[] plain = "frame".getBytes(StandardCharsets.US_ASCII);
        byte[] sealed = aesGcm(Cipher.ENCRYPT_MODE, keys[0], 0, plain);
        byte[] opened = new byte[plain.length];
        assertEquals(plain.length, pair.getReceiver().decryptWithAd(null, sealed, 0, opened, 0, sealed.length));
        assertArrayEquals(plain, opened);
        // responder -> initiator with keys[1]
        byte[] back = new byte[plain.length + 16];
        pair.getSender().encryptWithAd(null, plain, 0, back, 0, plain.length);
        assertArrayEquals(plain, aesGcm(Cipher.DECRYPT_MODE, keys[1], 0, back));
    }

    @Test
    void noiseJavaInitiatorCompletesWithOurResponder() throws Exception {
        byte[] initStatic = key(11);
        byte[] respStatic = key(12);
        HandshakeState theirs = new HandshakeState(NoiseIK.PROTOCOL_NAME, HandshakeState.INITIATOR);
        theirs.getLocalKeyPair().setPrivateKey(initStatic, 0);
        theirs.getRemotePublicKey().setPublicKey(X25519Keys.publicOf(respStatic), 0);
        theirs.setPrologue(PROLOGUE, 0, PROLOGUE.length);
        theirs.start();
        byte[] payload1 = new byte[28];
        payload1[27] = 7;
        byte[] msg1 = new byte[200];
        int n1 = theirs.writeMessage(msg1, 0, payload1, 0, payload1.length);

        NoiseIK ours = NoiseIK.responder(respStatic, PROLOGUE);
        assertArrayEquals(payload1, ours.readMessage1(msg1, 0, n1));
        assertArrayEquals(X25519Keys.publicOf(initStatic), ours.remoteStatic());
        byte[] msg2 = new byte[100];
        int n2 = ours.writeMessage2(key(13), new byte[]{9, 9, 9}, msg2, 0);
        byte[] got = new byte[10];
        assertEquals(3, theirs.readMessage(msg2, 0, n2, got, 0));
        assertArrayEquals(theirs.getHandshakeHash(), ours.handshakeHash());

        byte[][] keys = ours.split();
        CipherStatePair pair = theirs.split();
        byte[] plain = new byte[1400];
        RANDOM.nextBytes(plain);
        byte[] sealed = new byte[plain.length + 16];
        pair.getSender().encryptWithAd(null, plain, 0, sealed, 0, plain.length);
        assertArrayEquals(plain, aesGcm(Cipher.DECRYPT_MODE, keys[0], 0, sealed));
    }

    @Test
    void wrongResponderKeyOrTamperingFailsClosed() {
        byte[] respStatic = key(22);
        NoiseIK init = NoiseIK.initiator(key(21), X25519Keys.publicOf(key(99)), PROLOGUE);   // not the responder's key
        byte[] msg1 = new byte[200];
        int n1 = init.writeMessage1(key(23), new byte[28], msg1, 0);
        assertNull(NoiseIK.responder(respStatic, PROLOGUE).readMessage1(msg1, 0, n1));

        NoiseIK good = NoiseIK.initiator(key(21), X25519Keys.publicOf(respStatic), PROLOGUE);
        n1 = good.writeMessage1(key(23), new byte[28], msg1, 0);
        for (int i = 0; i < n1; i += 7) {
            byte[] bad = msg1.clone();
            bad[i] ^= 1;
            assertNull(NoiseIK.responder(respStatic, PROLOGUE).readMessage1(bad, 0, n1), "flipped byte " + i);
        }
        assertNull(NoiseIK.responder(respStatic, "other prologue".getBytes()).readMessage1(msg1, 0, n1));
        assertNull(NoiseIK.responder(respStatic, PROLOGUE).readMessage1(msg1, 0, n1 - 1));
        // a low-order ephemeral key (all zeros) is refused, not computed with
        byte[] zeroE = msg1.clone();
        Arrays.fill(zeroE, 0, 32, (byte) 0);
        assertNull(NoiseIK.responder(respStatic, PROLOGUE).readMessage1(zeroE, 0, n1));
    }

    @Test
    void freshEphemeralsGiveFreshKeysForTheSameStatics() {
        byte[] a = key(31);
        byte[] b = key(32);
        byte[][] first = run(a, b);
        byte[][] second = run(a, b);
        assertFalse(Arrays.equals(first[0], second[0]));
        assertFalse(Arrays.equals(first[1], second[1]));
        assertFalse(Arrays.equals(first[0], first[1]));
    }

    private static byte[][] run(byte[] a, byte[] b) {
        NoiseIK i = NoiseIK.initiator(a, X25519Keys.publicOf(b), PROLOGUE);
        NoiseIK r = NoiseIK.responder(b, PROLOGUE);
        byte[] m1 = new byte[200];
        int n1 = i.writeMessage1(X25519Keys.generatePrivate(RANDOM), new byte[28], m1, 0);
        assertNotNull(r.readMessage1(m1, 0, n1));
        byte[] m2 = new byte[100];
        int n2 = r.writeMessage2(X25519Keys.generatePrivate(RANDOM), new byte[3], m2, 0);
        assertNotNull(i.readMessage2(m2, 0, n2));
        byte[][] ki = i.split();
        byte[][] kr = r.split();
        assertArrayEquals(ki[0], kr[0]);
        assertArrayEquals(ki[1], kr[1]);
        return ki;
    }

    private static byte[] aesGcm(int mode, byte[] key, long n, byte[] in) throws Exception {
        byte[] nonce = new byte[12];
        for (int i = 11; i >= 4; i--) {
            nonce[i] = (byte) n;
            n >>>= 8;
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        return c.doFinal(in);
    }
}
