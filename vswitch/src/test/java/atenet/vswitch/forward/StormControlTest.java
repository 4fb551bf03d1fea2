package atenet.vswitch.forward;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Layer: unit, logic only. Token buckets driven by a fake clock (longs in nanoseconds). */
class StormControlTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void defaultsAre1000PerSecondWithBurst2000() {
        StormControl sc = new StormControl(4);
        assertEquals(1000, sc.ratePerSecond());
        assertEquals(2000, sc.burst());
        assertEquals(2000, allowedAt(sc, 1, 5 * S, 10_000));
    }

    @Test
    void burstThenRefillAtRate() {
        StormControl sc = new StormControl(4, 1000, 2000);
        long t = 7 * S;
        assertEquals(2000, allowedAt(sc, 1, t, 5000), "a quiet port may send its burst");
        assertEquals(3000, sc.dropped(1));
        assertFalse(sc.allow(1, t));
        assertTrue(sc.allow(1, t + MS), "1 ms at 1000/s is one frame");
        assertFalse(sc.allow(1, t + MS));
        assertEquals(1000, allowedAt(sc, 1, t + MS + S, 5000), "one second refills 1000 frames");
    }

    @Test
    void sustainedRateOverTenSeconds() {
        StormControl sc = new StormControl(4, 1000, 2000);
        int allowed = 0;
        long step = 100_000; // a storm of 10,000 frames/s
        for (long t = 0; t <= 10 * S; t += step) {
            if (sc.allow(2, t)) {
                allowed++;
            }
        }
        // full bucket (2000) + 10 s × 1000/s
        assertTrue(allowed >= 11_999 && allowed <= 12_001, "allowed " + allowed);
    }

    @Test
    void longIdleRefillsOnlyUpToBurst() {
        StormControl sc = new StormControl(4, 10, 20);
        assertEquals(20, allowedAt(sc, 0, 0, 100));
        assertEquals(20, allowedAt(sc, 0, 3600 * S, 100));
        assertEquals(20, allowedAt(sc, 0, Long.MAX_VALUE / 2, 100), "huge gaps do not overflow");
    }

    @Test
    void portsHaveTheirOwnBuckets() {
        StormControl sc = new StormControl(4, 10, 20);
        assertEquals(20, allowedAt(sc, 1, 0, 1000));
        assertTrue(sc.allow(2, 0), "port 1's storm leaves port 2's bucket alone");
        assertEquals(980, sc.dropped(1));
        assertEquals(0, sc.dropped(2));
    }

    @Test
    void resetGivesAFullBucketAndZeroDrops() {
        StormControl sc = new StormControl(4, 10, 20);
        allowedAt(sc, 3, 0, 100);
        sc.reset(3);
        assertEquals(0, sc.dropped(3));
        assertEquals(20, allowedAt(sc, 3, 1, 100));
    }

    @Test
    void clockGoingBackAddsNothing() {
        StormControl sc = new StormControl(4, 10, 20);
        allowedAt(sc, 0, 10 * S, 100);
        assertFalse(sc.allow(0, 5 * S));
        assertFalse(sc.allow(0, 10 * S));
        assertTrue(sc.allow(0, 10 * S + 100 * MS));
    }

    @Test
    void rejectsBadConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new StormControl(0));
        assertThrows(IllegalArgumentException.class, () -> new StormControl(4, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new StormControl(4, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new StormControl(4, 10, StormControl.MAX_BURST + 1));
    }

    private static int allowedAt(StormControl sc, int port, long now, int attempts) {
        int n = 0;
        for (int i = 0; i < attempts; i++) {
            if (sc.allow(port, now)) {
                n++;
            }
        }
        return n;
    }
}
