package atenet.redolog.entry;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A network's 16-byte id as two big-endian longs (the data plane compares ids as two longs).
 * Usable as a map key, unlike {@code byte[]}.
 */
public record NetworkId(long hi, long lo) {
    public static final int LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    public static NetworkId of(byte[] id) {
        if (id == null || id.length != LENGTH) {
            throw new IllegalArgumentException("a network id is 16 bytes, got " + (id == null ? "none" : id.length));
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (id[i] & 0xff);
            lo = (lo << 8) | (id[i + 8] & 0xff);
        }
        return new NetworkId(hi, lo);
    }

    public static NetworkId random() {
        byte[] b = new byte[LENGTH];
        RANDOM.nextBytes(b);
        return of(b);
    }

    /** Parses 32 hex digits. */
    public static NetworkId parse(String hex) {
        if (hex == null || hex.length() != 32) {
            throw new IllegalArgumentException("a network id is 32 hex digits, got '" + hex + "'");
        }
        try {
            return of(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a network id is 32 hex digits, got '" + hex + "'");
        }
    }

    public byte[] bytes() {
        byte[] b = new byte[LENGTH];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[i + 8] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }

    public String hex() {
        return String.format("%016x%016x", hi, lo);
    }

    @Override
    public String toString() {
        return hex();
    }
}
