package atenet.wire.crypto;

import org.bouncycastle.math.ec.rfc7748.X25519;

import java.security.SecureRandom;

/** X25519 key pairs and agreement (BouncyCastle lightweight API). Keys are raw 32-byte arrays. */
public final class X25519Keys {
    public static final int KEY_LEN = 32;

    private X25519Keys() {
    }

    public static byte[] generatePrivate(SecureRandom random) {
        byte[] k = new byte[KEY_LEN];
        X25519.generatePrivateKey(random, k);
        return k;
    }

    public static byte[] publicOf(byte[] privateKey) {
        checkLen(privateKey, "private key");
        byte[] pub = new byte[KEY_LEN];
        X25519.generatePublicKey(privateKey, 0, pub, 0);
        return pub;
    }

    /**
     * X25519(own private, peer public).
     *
     * @throws IllegalArgumentException if the peer key is of the wrong length or a low-order point
     *                                  (the agreement would be all zeros)
     */
    public static byte[] agree(byte[] ownPrivate, byte[] peerPublic) {
        checkLen(ownPrivate, "private key");
        checkLen(peerPublic, "public key");
        byte[] shared = new byte[KEY_LEN];
        if (!X25519.calculateAgreement(ownPrivate, 0, peerPublic, 0, shared, 0)) {
            throw new IllegalArgumentException("X25519 agreement with a low-order public key");
        }
        return shared;
    }

    private static void checkLen(byte[] k, String what) {
        if (k == null || k.length != KEY_LEN) {
            throw new IllegalArgumentException("X25519 " + what + " must be 32 bytes, got " + (k == null ? "none" : k.length));
        }
    }
}
