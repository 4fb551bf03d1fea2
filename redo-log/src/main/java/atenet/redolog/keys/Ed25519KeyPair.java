package atenet.redolog.keys;

import atenet.wire.crypto.KeyId;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * An Ed25519 signing key pair on BouncyCastle's lightweight rfc8032 code (about 20x faster than JCA SunEC).
 * Keys are raw 32-byte arrays, signatures 64 bytes. Immutable and thread-safe.
 */
public final class Ed25519KeyPair {
    public static final int KEY_LEN = 32;
    public static final int SIGNATURE_LEN = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        Ed25519.precompute();
    }

    private final byte[] privateKey;
    private final byte[] publicKey;

    private Ed25519KeyPair(byte[] privateKey) {
        this.privateKey = privateKey;
        this.publicKey = new byte[KEY_LEN];
        Ed25519.generatePublicKey(privateKey, 0, publicKey, 0);
    }

    public static Ed25519KeyPair generate() {
        byte[] sk = new byte[KEY_LEN];
        Ed25519.generatePrivateKey(RANDOM, sk);
        return new Ed25519KeyPair(sk);
    }

    /** @param privateKey the 32-byte seed */
    public static Ed25519KeyPair fromPrivateKey(byte[] privateKey) {
        if (privateKey == null || privateKey.length != KEY_LEN) {
            throw new IllegalArgumentException("an Ed25519 private key is 32 bytes, got " + (privateKey == null ? "none" : privateKey.length));
        }
        return new Ed25519KeyPair(privateKey.clone());
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The 32-byte private seed (a copy). Keep it secret. */
    public byte[] privateKey() {
        return privateKey.clone();
    }

    public long keyId() {
        return KeyId.of(publicKey);
    }

    public byte[] sign(byte[] message) {
        return sign(message, 0, message.length);
    }

    public byte[] sign(byte[] message, int off, int len) {
        byte[] sig = new byte[SIGNATURE_LEN];
        Ed25519.sign(privateKey, 0, publicKey, 0, message, off, len, sig, 0);
        return sig;
    }

    /** @return false for a bad signature or a malformed public key, never throws for wrong content */
    public static boolean verify(byte[] publicKey, byte[] message, int off, int len, byte[] signature) {
        if (publicKey == null || publicKey.length != KEY_LEN || signature == null || signature.length != SIGNATURE_LEN) {
            return false;
        }
        try {
            return Ed25519.verify(signature, 0, publicKey, 0, message, off, len);
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        return verify(publicKey, message, 0, message.length, signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519KeyPair k && Arrays.equals(publicKey, k.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "Ed25519KeyPair[" + KeyId.hex(keyId()) + "]";
    }
}
