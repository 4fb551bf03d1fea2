package atenet.wire.handshake;

import atenet.wire.crypto.X25519Keys;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The Noise IK handshake, {@code Noise_IK_25519_AESGCM_SHA256}, written from the Noise specification
 * (revision 34), sections 5 (processing rules) and 7.5 (IK):
 * <pre>
 * IK:
 *   &lt;- s
 *   ...
 *   -&gt; e, es, s, ss      (message 1, initiator → responder: 32 + 48 + payload + 16 bytes)
 *   &lt;- e, ee, se         (message 2, responder → initiator: 32 + payload + 16 bytes)
 * </pre>
 * The initiator knows the responder's static key before it starts (here: from the node's certificate, an
 * operator-signed chain entry). Both sides use fresh ephemeral keys, so a later theft of either static key does
 * not open recorded sessions (forward secrecy). {@link #split()} gives the two transport keys.
 *
 * <p>Cipher functions: AESGCM with the 96-bit nonce {@code 0x00000000 || n (big-endian u64)} and the
 * handshake hash as associated data; HASH = SHA-256; HKDF as in section 4.3 (HMAC-SHA256). DH = X25519; a
 * low-order peer key makes the handshake fail.
 *
 * <p>One object is one handshake of one role; not thread-safe; cold path (a handful of allocations is fine).
 * Cross-checked against an independent implementation (noise-java) in {@code NoiseIKTest}.
 */
public final class NoiseIK {
    public static final String PROTOCOL_NAME = "Noise_IK_25519_AESGCM_SHA256";
    public static final int DH_LEN = 32;
    public static final int HASH_LEN = 32;
    public static final int TAG_LEN = 16;
    /** Length of message 1 for a payload of {@code payload} bytes. */
    public static int message1Len(int payload) {
        return DH_LEN + DH_LEN + TAG_LEN + payload + TAG_LEN;
    }

    /** Length of message 2 for a payload of {@code payload} bytes. */
    public static int message2Len(int payload) {
        return DH_LEN + payload + TAG_LEN;
    }

    private final boolean initiator;
    private final byte[] s;          // own static private key
    private final byte[] sPub;
    private byte[] rs;               // remote static public key
    private byte[] e;                // own ephemeral private key
    private byte[] re;               // remote ephemeral public key
    private byte[] ck;
    private byte[] h;
    private byte[] k;                // null: no key yet
    private long n;

    private NoiseIK(boolean initiator, byte[] staticPrivate, byte[] remoteStatic, byte[] prologue) {
        this.initiator = initiator;
        this.s = staticPrivate.clone();
        this.sPub = X25519Keys.publicOf(staticPrivate);
        byte[] name = PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII);
        this.h = Arrays.copyOf(name, HASH_LEN);          // name is <= HASHLEN: padded with zeros (§5.2)
        this.ck = h.clone();
        mixHash(prologue);
        // Pre-message pattern "<- s": both sides hash the responder's static key.
        mixHash(initiator ? remoteStatic : sPub);
        this.rs = initiator ? remoteStatic.clone() : null;
    }

    public static NoiseIK initiator(byte[] staticPrivate, byte[] responderStatic, byte[] prologue) {
        if (responderStatic == null || responderStatic.length != DH_LEN) {
            throw new IllegalArgumentException("the responder's static key must be 32 bytes");
        }
        return new NoiseIK(true, staticPrivate, responderStatic, prologue);
    }

    public static NoiseIK responder(byte[] staticPrivate, byte[] prologue) {
        return new NoiseIK(false, staticPrivate, null, prologue);
    }

    /** The remote static public key: the responder's for an initiator, learnt from message 1 for a responder. */
    public byte[] remoteStatic() {
        return rs == null ? null : rs.clone();
    }

    public byte[] handshakeHash() {
        return h.clone();
    }

    // ------------------------------------------------------------------ message 1

    /** Initiator: writes {@code -> e, es, s, ss, payload} into {@code out[off ..]} with {@code ephemeralPrivate}. */
    public int writeMessage1(byte[] ephemeralPrivate, byte[] payload, byte[] out, int off) {
        requireRole(true);
        e = ephemeralPrivate.clone();
        byte[] ePub = X25519Keys.publicOf(e);
        int p = off;
        System.arraycopy(ePub, 0, out, p, DH_LEN);
        p += DH_LEN;
        mixHash(ePub);
        mixKey(X25519Keys.agree(e, rs));                                  // es
        p += encryptAndHash(sPub, out, p);                                // s
        mixKey(X25519Keys.agree(s, rs));                                  // ss
        p += encryptAndHash(payload, out, p);
        return p - off;
    }

    /**
     * Responder: reads message 1 from {@code in[off .. off+len)}.
     *
     * @return the payload, or null when the message does not authenticate (wrong responder key, tampering,
     * low-order keys); the object is then unusable
     */
    public byte[] readMessage1(byte[] in, int off, int len) {
        requireRole(false);
        if (len < message1Len(0)) {
            return null;
        }
        try {
            re = Arrays.copyOfRange(in, off, off + DH_LEN);
            mixHash(re);
            mixKey(X25519Keys.agree(s, re));                              // es
            byte[] remote = decryptAndHash(in, off + DH_LEN, DH_LEN + TAG_LEN);
            if (remote == null) {
                return null;
            }
            rs = remote;
            mixKey(X25519Keys.agree(s, rs));                              // ss
            return decryptAndHash(in, off + DH_LEN + DH_LEN + TAG_LEN, len - (DH_LEN + DH_LEN + TAG_LEN));
        } catch (IllegalArgumentException lowOrder) {
            return null;
        }
    }

    // ------------------------------------------------------------------ message 2

    /** Responder: writes {@code <- e, ee, se, payload}. */
    public int writeMessage2(byte[] ephemeralPrivate, byte[] payload, byte[] out, int off) {
        requireRole(false);
        e = ephemeralPrivate.clone();
        byte[] ePub = X25519Keys.publicOf(e);
        System.arraycopy(ePub, 0, out, off, DH_LEN);
        mixHash(ePub);
        mixKey(X25519Keys.agree(e, re));                                  // ee
        mixKey(X25519Keys.agree(e, rs));                                  // se
        return DH_LEN + encryptAndHash(payload, out, off + DH_LEN);
    }

    /**
     * Initiator: reads message 2; the payload, or null when it does not authenticate. All or nothing: a
     * forged message 2 leaves the state as it was, so the genuine answer that follows still completes.
     */
    public byte[] readMessage2(byte[] in, int off, int len) {
        requireRole(true);
        if (len < message2Len(0)) {
            return null;
        }
        byte[] savedH = h;
        byte[] savedCk = ck.clone();
        byte[] savedK = k == null ? null : k.clone();
        long savedN = n;
        byte[] result = null;
        try {
            re = Arrays.copyOfRange(in, off, off + DH_LEN);
            mixHash(re);
            mixKey(X25519Keys.agree(e, re));                              // ee
            mixKey(X25519Keys.agree(s, re));                              // se
            result = decryptAndHash(in, off + DH_LEN, len - DH_LEN);
            return result;
        } catch (IllegalArgumentException lowOrder) {
            return null;
        } finally {
            if (result == null) {
                zero(ck);
                zero(k);
                h = savedH;
                ck = savedCk;
                k = savedK;
                n = savedN;
                re = null;
            } else {
                zero(savedCk);
                zero(savedK);
            }
        }
    }

    /**
     * Split (§5.2): the two transport keys, {@code [initiator→responder, responder→initiator]}. Wipes the
     * handshake's secrets; the object is unusable afterwards.
     */
    public byte[][] split() {
        byte[][] t = hkdf(ck, new byte[0]);
        wipe();
        return t;
    }

    /** Zeroes every secret this handshake holds. */
    public void wipe() {
        zero(s);
        zero(e);
        zero(ck);
        zero(k);
    }

    // ------------------------------------------------------------------ symmetric state (§5.1, §5.2)

    private void mixHash(byte[] data) {
        h = sha256(h, data);
    }

    private void mixKey(byte[] ikm) {
        byte[][] t = hkdf(ck, ikm);
        zero(ikm);
        zero(ck);
        ck = t[0];
        k = t[1];
        n = 0;
    }

    private int encryptAndHash(byte[] plain, byte[] out, int off) {
        int len = aead(Cipher.ENCRYPT_MODE, plain, 0, plain.length, out, off);
        mixHash(Arrays.copyOfRange(out, off, off + len));
        return len;
    }

    private byte[] decryptAndHash(byte[] in, int off, int len) {
        if (len < TAG_LEN) {
            return null;
        }
        byte[] cipherText = Arrays.copyOfRange(in, off, off + len);
        byte[] plain = new byte[len - TAG_LEN];
        if (aead(Cipher.DECRYPT_MODE, cipherText, 0, len, plain, 0) < 0) {
            return null;
        }
        mixHash(cipherText);
        return plain;
    }

    /** ENCRYPT/DECRYPT(k, n, ad = h, ...) with n incremented after use; -1 on a bad tag. */
    private int aead(int mode, byte[] in, int off, int len, byte[] out, int outOff) {
        if (k == null) {
            throw new IllegalStateException("IK always has a key before its first encrypted field");
        }
        byte[] nonce = new byte[12];
        long c = n;
        for (int i = 11; i >= 4; i--) {
            nonce[i] = (byte) c;
            c >>>= 8;
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(k, "AES"), new GCMParameterSpec(TAG_LEN * 8, nonce));
            cipher.updateAAD(h);
            int r = cipher.doFinal(in, off, len, out, outOff);
            n++;
            return r;
        } catch (AEADBadTagException bad) {
            return -1;
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("AES-GCM unavailable", ex);
        }
    }

    static byte[] sha256(byte[] a, byte[] b) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(a);
            md.update(b);
            return md.digest();
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** HKDF(chaining_key, input_key_material, 2) of §4.3. */
    static byte[][] hkdf(byte[] chainingKey, byte[] ikm) {
        byte[] temp = hmac(chainingKey, ikm);
        byte[] out1 = hmac(temp, new byte[]{1});
        byte[] out2 = hmac(temp, out1, new byte[]{2});
        zero(temp);
        return new byte[][]{out1, out2};
    }

    static void zero(byte[] b) {
        if (b != null) {
            Arrays.fill(b, (byte) 0);
        }
    }

    private void requireRole(boolean wantInitiator) {
        if (initiator != wantInitiator) {
            throw new IllegalStateException(initiator ? "an initiator does not read message 1" : "a responder does not write message 1");
        }
    }
}
