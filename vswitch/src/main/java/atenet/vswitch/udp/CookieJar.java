package atenet.vswitch.udp;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * The node's cookies (WireGuard §5.4.7): cookie = HMAC-SHA256(secret, source address | source port)[0..16],
 * with a random secret replaced every {@link #ROTATE_NANOS}. A cookie made under the previous secret is still
 * accepted, so a rotation never fails a client that just received one. Owned by the data-plane thread.
 */
final class CookieJar {
    static final long ROTATE_NANOS = 120_000_000_000L;
    private final SecureRandom random;
    private byte[] secret = new byte[32];
    private byte[] previous = new byte[32];
    private long rotatedAt;
    private final Mac mac;

    CookieJar(SecureRandom random, long nowNanos) {
        this.random = random;
        random.nextBytes(secret);
        random.nextBytes(previous);
        this.rotatedAt = nowNanos;
        try {
            mac = Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cookie a source should present now. */
    byte[] cookieFor(InetSocketAddress source, long nowNanos) {
        rotate(nowNanos);
        return cookie(secret, source);
    }

    /** The cookie under the previous secret (also accepted). */
    byte[] previousCookieFor(InetSocketAddress source, long nowNanos) {
        rotate(nowNanos);
        return cookie(previous, source);
    }

    private void rotate(long nowNanos) {
        if (nowNanos - rotatedAt >= ROTATE_NANOS) {
            byte[] t = previous;
            previous = secret;
            secret = t;
            random.nextBytes(secret);
            rotatedAt = nowNanos;
        }
    }

    private byte[] cookie(byte[] key, InetSocketAddress source) {
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(source.getAddress().getAddress());
            mac.update((byte) (source.getPort() >>> 8));
            mac.update((byte) source.getPort());
            byte[] full = mac.doFinal();
            return java.util.Arrays.copyOf(full, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
