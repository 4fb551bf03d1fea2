package atenet.wire.handshake;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class Tai64nTest {
    private static final long T = 1_764_000_000_123L;

    @Test
    void lengthAndLayout() {
        byte[] t = Tai64n.of(1000L * 0x01020304L + 5, 6);
        assertEquals(Tai64n.LEN, t.length);
        assertEquals(12, Tai64n.LEN);
        // seconds label 2^62 + Unix seconds, big-endian
        assertArrayEquals(new byte[]{0x40, 0, 0, 0, 0x01, 0x02, 0x03, 0x04}, Arrays.copyOf(t, 8));
        // nanoseconds: 5 ms + 6 ns
        long nanos = ((t[8] & 0xffL) << 24) | ((t[9] & 0xff) << 16) | ((t[10] & 0xff) << 8) | (t[11] & 0xff);
        assertEquals(5_000_006L, nanos);
    }

    @Test
    void orderAcrossSeconds() {
        byte[] a = Tai64n.of(T, 999_999);
        byte[] b = Tai64n.of(T + 1000, 0);
        assertTrue(Tai64n.isAfter(b, a));
        assertFalse(Tai64n.isAfter(a, b));
        // 0.999 s then 1.000 s: a carry into the seconds field
        byte[] c = Tai64n.of(1999, 999_999);
        byte[] d = Tai64n.of(2000, 0);
        assertTrue(Tai64n.isAfter(d, c));
        assertFalse(Tai64n.isAfter(c, d));
    }

    @Test
    void orderWithinASecond() {
        byte[] a = Tai64n.of(T, 0);
        byte[] b = Tai64n.of(T, 1);
        byte[] c = Tai64n.of(T + 1, 0);
        assertTrue(Tai64n.isAfter(b, a));
        assertTrue(Tai64n.isAfter(c, b));
        assertFalse(Tai64n.isAfter(a, b));
        assertArrayEquals(Arrays.copyOf(a, 8), Arrays.copyOf(c, 8), "same second");
    }

    @Test
    void equalIsNotAfter() {
        byte[] a = Tai64n.of(T, 42);
        assertFalse(Tai64n.isAfter(a, a));
        assertFalse(Tai64n.isAfter(a, a.clone()));
        assertFalse(Tai64n.isAfter(a, Tai64n.of(T, 42)));
    }

    @Test
    void nullLastIsAlwaysBefore() {
        assertTrue(Tai64n.isAfter(Tai64n.of(0, 0), null));
        assertTrue(Tai64n.isAfter(Tai64n.of(T, 0), null));
        assertTrue(Tai64n.isAfter(new byte[Tai64n.LEN], null));
    }

    @Test
    void monotonicWithMillis() {
        byte[] prev = null;
        for (long ms = T - 5000; ms < T + 5000; ms += 7) {
            byte[] t = Tai64n.of(ms, 0);
            assertTrue(Tai64n.isAfter(t, prev), "at " + ms);
            prev = t;
        }
        // and the sub-millisecond part never overtakes the next millisecond
        assertTrue(Tai64n.isAfter(Tai64n.of(T + 1, 0), Tai64n.of(T, 999_999)));
    }

    @Test
    void extraNanosAreClampedToOneMillisecond() {
        assertArrayEquals(Tai64n.of(T, 999_999), Tai64n.of(T, 5_000_000));
        assertArrayEquals(Tai64n.of(T, 999_999), Tai64n.of(T, Long.MAX_VALUE));
        assertArrayEquals(Tai64n.of(T, 0), Tai64n.of(T, -1));
        assertArrayEquals(Tai64n.of(T, 0), Tai64n.of(T, Long.MIN_VALUE));
        assertTrue(Tai64n.isAfter(Tai64n.of(T + 1, 0), Tai64n.of(T, Long.MAX_VALUE)));
    }

    /** Before 1970 still orders correctly (floorDiv/floorMod, and the 2^62 label keeps the bytes unsigned-ordered). */
    @Test
    void negativeEpochOrders() {
        byte[] a = Tai64n.of(-1001, 0);
        byte[] b = Tai64n.of(-1000, 0);
        byte[] c = Tai64n.of(-1, 0);
        byte[] d = Tai64n.of(0, 0);
        assertTrue(Tai64n.isAfter(b, a));
        assertTrue(Tai64n.isAfter(c, b));
        assertTrue(Tai64n.isAfter(d, c));
    }

    /** Comparison is unsigned: a byte ≥ 0x80 is larger, not negative. */
    @Test
    void comparisonIsUnsigned() {
        byte[] a = new byte[Tai64n.LEN];
        byte[] b = new byte[Tai64n.LEN];
        a[11] = 0x7f;
        b[11] = (byte) 0x80;
        assertTrue(Tai64n.isAfter(b, a));
        assertFalse(Tai64n.isAfter(a, b));
        // nanos 128 vs 127 through the real encoder
        assertTrue(Tai64n.isAfter(Tai64n.of(0, 128), Tai64n.of(0, 127)));
        assertTrue(Tai64n.isAfter(Tai64n.of(0, 0x8000), Tai64n.of(0, 0x7fff)));
    }
}
