package atenet.wire.handshake;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import static atenet.wire.handshake.HandshakeLayout.*;

/**
 * mac1, mac2 and the cookie reply's encryption, as drawn in {@link HandshakeLayout}. Stateless; cold path.
 */
public final class HandshakeMacs {
    private static final byte[] LABEL_MAC1 = "mac1----".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LABEL_COOKIE = "cookie--".getBytes(StandardCharsets.US_ASCII);

    private HandshakeMacs() {
    }

    /** The mac1 key for messages sent to the holder of {@code receiverStatic}. */
    public static byte[] mac1Key(byte[] receiverStatic) {
        return NoiseIK.sha256(LABEL_MAC1, receiverStatic);
    }

    /** The key that seals cookie replies of the node with {@code nodeStatic}. */
    public static byte[] cookieKey(byte[] nodeStatic) {
        return NoiseIK.sha256(LABEL_COOKIE, nodeStatic);
    }

    /** HMAC-SHA256(key, msg[0 .. len)) truncated to 16 bytes, written at {@code msg[len ..]}. */
    public static void writeMac(byte[] key, byte[] msg, int len) {
        System.arraycopy(mac(key, msg, len), 0, msg, len, MAC_LEN);
    }

    /** Constant-time check of the 16-byte MAC at {@code msg[len ..]} over {@code msg[0 .. len)}. */
    public static boolean checkMac(byte[] key, byte[] msg, int len) {
        byte[] want = mac(key, msg, len);
        int diff = 0;
        for (int i = 0; i < MAC_LEN; i++) {
            diff |= want[i] ^ msg[len + i];
        }
        return diff == 0;
    }

    static byte[] mac(byte[] key, byte[] msg, int len) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            m.update(msg, 0, len);
            byte[] full = m.doFinal();
            byte[] out = new byte[MAC_LEN];
            System.arraycopy(full, 0, out, 0, MAC_LEN);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Seals a 16-byte cookie into a COOKIE message answering the INIT whose mac1 is {@code initMac1}. */
    public static int writeCookieReply(byte[] out, int receiverIndex, byte[] nonce12, byte[] cookie16, byte[] cookieKey,
                                       byte[] initMac1) {
        out[0] = atenet.wire.overlay.MessageKind.COOKIE;
        atenet.wire.overlay.OverlayCodec.putInt(out, COOKIE_OFFSET_RECEIVER, receiverIndex);
        System.arraycopy(nonce12, 0, out, COOKIE_OFFSET_NONCE, COOKIE_NONCE_LEN);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cookieKey, "AES"), new GCMParameterSpec(128, nonce12));
            c.updateAAD(initMac1);
            c.doFinal(cookie16, 0, MAC_LEN, out, COOKIE_OFFSET_SEALED);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return COOKIE_LEN;
    }

    /** Opens a COOKIE message; the 16-byte cookie, or null when it does not authenticate. */
    public static byte[] openCookieReply(byte[] msg, int len, byte[] cookieKey, byte[] initMac1) {
        if (len != COOKIE_LEN || initMac1 == null) {
            return null;
        }
        byte[] nonce = java.util.Arrays.copyOfRange(msg, COOKIE_OFFSET_NONCE, COOKIE_OFFSET_NONCE + COOKIE_NONCE_LEN);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cookieKey, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(initMac1);
            return c.doFinal(msg, COOKIE_OFFSET_SEALED, MAC_LEN + NoiseIK.TAG_LEN);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    static boolean constantTimeEquals(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
