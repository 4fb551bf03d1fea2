package atenet.wire.crypto;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static atenet.wire.crypto.ReplayWindow.WINDOW;
import static org.junit.jupiter.api.Assertions.*;

class ReplayWindowTest {

    @Test
    void windowIsAtLeast2048() {
        assertTrue(WINDOW >= 2048, "WINDOW = " + WINDOW);
    }

    @Test
    void zeroAndNegativeAreRefused() {
        ReplayWindow w = new ReplayWindow();
        for (long c : new long[]{0, -1, -2, Long.MIN_VALUE, -WINDOW}) {
            assertFalse(w.isFresh(c), "isFresh " + c);
            assertFalse(w.accept(c), "accept " + c);
        }
        assertEquals(0, w.highest());
        w.accept(5);
        assertFalse(w.accept(0));
        assertFalse(w.accept(-1));
        assertEquals(5, w.highest());
    }

    @Test
    void inOrderAcceptedDuplicatesRefused() {
        ReplayWindow w = new ReplayWindow();
        for (long c = 1; c <= 20_000; c++) {
            assertTrue(w.isFresh(c));
            assertTrue(w.accept(c), "counter " + c);
            assertEquals(c, w.highest());
            assertFalse(w.accept(c), "duplicate " + c);
            assertFalse(w.isFresh(c));
            if (c > 1) {
                assertFalse(w.accept(c - 1));
            }
        }
    }

    @Test
    void outOfOrderWithinWindowAcceptedOnce() {
        ReplayWindow w = new ReplayWindow();
        assertTrue(w.accept(1000));
        for (long c = 999; c >= 1; c -= 3) {
            assertTrue(w.accept(c), "counter " + c);
            assertFalse(w.accept(c), "duplicate " + c);
        }
        for (long c = 998; c >= 1; c -= 3) {
            assertTrue(w.accept(c), "counter " + c);
        }
        for (long c = 1; c <= 1000; c++) {
            assertEquals(c % 3 == 1 && c != 1000, w.isFresh(c), "counter " + c);
        }
        assertEquals(1000, w.highest());
    }

    @Test
    void windowEdge() {
        for (long highest : new long[]{WINDOW + 1, WINDOW + 5, 10_000, 64 * 1000 + 63, 64 * 1000, 64 * 1000 + 1, 1L << 40, Long.MAX_VALUE}) {
            ReplayWindow w = new ReplayWindow();
            assertTrue(w.accept(highest));
            assertTrue(w.isFresh(highest - (WINDOW - 1)), "exactly WINDOW-1 behind " + highest);
            assertFalse(w.isFresh(highest - WINDOW), "exactly WINDOW behind " + highest);
            assertFalse(w.accept(highest - WINDOW));
            assertFalse(w.accept(highest - WINDOW - 1));
            assertTrue(w.accept(highest - (WINDOW - 1)));
            assertFalse(w.accept(highest - (WINDOW - 1)));
            // everything in between is still fresh, once
            for (long c = highest - (WINDOW - 2); c < highest; c++) {
                assertTrue(w.accept(c), "counter " + c + " highest " + highest);
            }
            for (long c = highest - WINDOW - 100; c < highest; c++) {
                assertFalse(w.isFresh(c), "counter " + c + " highest " + highest);
            }
            assertFalse(w.isFresh(highest));
            assertEquals(highest, w.highest());
        }
    }

    @Test
    void smallCountersNearZeroAreAllAcceptedWhileWithinWindow() {
        ReplayWindow w = new ReplayWindow();
        assertTrue(w.accept(WINDOW));          // 1 is WINDOW-1 behind
        assertTrue(w.accept(1));
        assertTrue(w.accept(WINDOW + 1));      // now 1 would be WINDOW behind
        assertFalse(w.isFresh(1));
        assertTrue(w.accept(2));
    }

    @Test
    void bigJumpsClearOldState() {
        for (long jump : new long[]{63, 64, 65, WINDOW - 1, WINDOW, WINDOW + 1, 4095, 4096, 4097, 8192, 1_000_000, 1L << 40}) {
            ReplayWindow w = new ReplayWindow();
            long base = 100;
            for (long c = 1; c <= base; c++) {
                assertTrue(w.accept(c));
            }
            long top = base + jump;
            assertTrue(w.accept(top), "jump " + jump);
            // all counters between base and top that are within the window are fresh
            long low = Math.max(base + 1, top - (WINDOW - 1));
            for (long c = low; c < top; c++) {
                assertTrue(w.isFresh(c), "jump " + jump + " counter " + c);
            }
            // the old ones are either too old, or still remembered
            for (long c = 1; c <= base; c++) {
                assertFalse(w.isFresh(c), "jump " + jump + " old counter " + c);
            }
            // bits left over from before the jump must not shadow new counters that alias the same slots
            for (long c = low; c < top; c++) {
                assertTrue(w.accept(c), "jump " + jump + " counter " + c);
            }
            for (long c = Math.max(1, top - WINDOW - 10); c <= top; c++) {
                assertFalse(w.isFresh(c));
            }
        }
    }

    /** After a jump, the slots of counters that are now exactly 4096 apart (aliases in the bitmap) must be fresh. */
    @Test
    void aliasingSlotsAfterJump() {
        ReplayWindow w = new ReplayWindow();
        for (long c = 1; c <= 4096; c++) {
            assertTrue(w.accept(c));
        }
        for (long c = 4097; c <= 4096 * 3; c++) {
            assertTrue(w.isFresh(c));
        }
        assertTrue(w.accept(4096 + 4096)); // every slot's previous occupant is now out of the window
        for (long c = 4096 + 4096 - (WINDOW - 1); c < 8192; c++) {
            assertTrue(w.isFresh(c), "counter " + c);
        }
    }

    @Test
    void isFreshDoesNotChangeState() {
        ReplayWindow w = new ReplayWindow();
        w.accept(10);
        for (int i = 0; i < 3; i++) {
            assertTrue(w.isFresh(5));
            assertTrue(w.isFresh(11));
            assertTrue(w.isFresh(1L << 50));
            assertFalse(w.isFresh(10));
        }
        assertEquals(10, w.highest());
        assertTrue(w.accept(5));
        assertTrue(w.accept(11));
        assertEquals(11, w.highest());
    }

    @Test
    void maxCounter() {
        ReplayWindow w = new ReplayWindow();
        assertTrue(w.accept(Long.MAX_VALUE));
        assertFalse(w.accept(Long.MAX_VALUE));
        assertTrue(w.accept(Long.MAX_VALUE - 1));
        assertFalse(w.accept(1));
        assertFalse(w.accept(Long.MIN_VALUE)); // wrapped
    }

    /** Model: a set of every counter accepted, and the rule "fresh iff > 0, unseen and less than WINDOW behind highest". */
    @Test
    void randomizedAgainstModel() {
        for (long seed : new long[]{1, 2, 3, 4}) {
            SplittableRandom r = new SplittableRandom(seed);
            ReplayWindow w = new ReplayWindow();
            Set<Long> seen = new HashSet<>();
            long highest = 0;
            int accepted = 0;
            for (int op = 0; op < 50_000; op++) {
                long c;
                int kind = r.nextInt(100);
                if (kind < 40) {
                    c = highest + 1 + r.nextInt(3);                          // in order, small gaps
                } else if (kind < 70) {
                    c = highest - r.nextInt(WINDOW + 200);                   // reordering / replays around the edge
                } else if (kind < 80) {
                    c = highest - (WINDOW - 1) + r.nextInt(3) - 1;           // exactly at the edge
                } else if (kind < 88) {
                    c = highest + 1 + r.nextInt(10 * WINDOW);                // medium jump
                } else if (kind < 91) {
                    c = highest + r.nextLong(1L << 20, 1L << 41);            // big jump
                } else if (kind < 96) {
                    c = seen.isEmpty() ? 1 : highest - r.nextInt(64);        // recent duplicate
                } else {
                    c = r.nextLong(-5, 5);                                   // 0 and negatives
                }
                boolean expectFresh = c > 0 && !seen.contains(c) && (c > highest || highest - c < WINDOW);
                assertEquals(expectFresh, w.isFresh(c), "seed " + seed + " op " + op + " counter " + c + " highest " + highest);
                boolean doAccept = r.nextInt(10) != 0;   // sometimes only peek
                if (doAccept) {
                    assertEquals(expectFresh, w.accept(c), "seed " + seed + " op " + op + " accept " + c + " highest " + highest);
                    if (expectFresh) {
                        seen.add(c);
                        highest = Math.max(highest, c);
                        accepted++;
                    }
                }
                assertEquals(highest, w.highest());
                if (seen.size() > 50_000) {
                    long h = highest;
                    seen.removeIf(x -> h - x >= WINDOW); // too old for the rule anyway
                }
            }
            assertTrue(accepted > 10_000, "the generator should produce many fresh counters, got " + accepted);
        }
    }
}
