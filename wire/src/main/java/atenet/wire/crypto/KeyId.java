package atenet.wire.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The 8-byte id of a public key (X25519 access or node key, or Ed25519 signing key):
 * the first 8 bytes, big-endian, of SHA-256(public key). Printed as 16 lower-case hex digits.
 */
public final class KeyId {
    private KeyId() {
    }

    public static long of(byte[] publicKey) {
        byte[] h = sha256(publicKey);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (h[i] & 0xff);
        }
        return v;
    }

    public static String hex(long id) {
        return String.format("%016x", id);
    }

    /** Parses 16 hex digits; throws IllegalArgumentException with a clear message otherwise. */
    public static long parse(String hex) {
        if (hex == null || hex.length() != 16) {
            throw new IllegalArgumentException("a key id is 16 hex digits, got '" + hex + "'");
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                throw new IllegalArgumentException("a key id is 16 hex digits, got '" + hex + "'");
            }
        }
        try {
            return Long.parseUnsignedLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a key id is 16 hex digits, got '" + hex + "'");
        }
    }

    public static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
