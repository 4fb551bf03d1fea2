package atenet.wire.handshake;

/**
 * TAI64N timestamps (12 bytes: 8-byte seconds label 2^62 + Unix seconds, 4-byte nanoseconds, big-endian), as
 * WireGuard puts in its handshake initiation. They compare as unsigned byte strings, so "newer" is a plain
 * lexicographic comparison. The leap-second offset of true TAI is ignored: only the order matters here.
 */
public final class Tai64n {
    public static final int LEN = 12;
    private static final long LABEL = 1L << 62;

    private Tai64n() {
    }

    public static byte[] of(long epochMillis, long extraNanos) {
        byte[] t = new byte[LEN];
        long secs = LABEL + Math.floorDiv(epochMillis, 1000);
        long nanos = Math.floorMod(epochMillis, 1000) * 1_000_000L + Math.max(0, Math.min(999_999, extraNanos));
        for (int i = 7; i >= 0; i--) {
            t[i] = (byte) secs;
            secs >>>= 8;
        }
        for (int i = 11; i >= 8; i--) {
            t[i] = (byte) nanos;
            nanos >>>= 8;
        }
        return t;
    }

    /** The smallest timestamp after {@code t}: one more nanosecond (a clock that stepped back, two in one tick). */
    public static byte[] next(byte[] t) {
        byte[] n = t.clone();
        for (int i = LEN - 1; i >= 0; i--) {
            if (++n[i] != 0) {
                break;
            }
        }
        return n;
    }

    /** True when {@code candidate} is strictly later than {@code last} (null {@code last}: always). */
    public static boolean isAfter(byte[] candidate, byte[] last) {
        return last == null || java.util.Arrays.compareUnsigned(candidate, last) > 0;
    }
}
