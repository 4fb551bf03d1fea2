package atenet.vswitch.fdb;

import atenet.wire.frame.MacAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Layer: unit, logic only. MacTable with a fake clock (plain longs in nanoseconds); the random
 * tests compare against a HashMap model and check the table's internal invariants after every
 * operation.
 */
class MacTableTest {
    private static final long S = 1_000_000_000L;
    private static final long A = MacAddress.parse("02:00:00:00:00:0a");
    private static final long B = MacAddress.parse("02:00:00:00:00:0b");
    private static final long C = MacAddress.parse("02:00:00:00:00:0c");
    private static final long D = MacAddress.parse("02:00:00:00:00:0d");
    private static final long E = MacAddress.parse("02:00:00:00:00:0e");

    @Test
    void learnThenLookup() {
        MacTable t = new MacTable();
        assertEquals(-1, t.lookup(A, 0));
        assertTrue(t.learn(A, 1, 0));
        assertTrue(t.learn(B, 2, 0));
        assertFalse(t.learn(A, 1, 5), "a refresh changes nothing");
        assertEquals(1, t.lookup(A, 10));
        assertEquals(2, t.lookup(B, 10));
        assertEquals(-1, t.lookup(C, 10));
        assertEquals(2, t.size());
        assertEquals(2, t.learned());
        t.checkInvariants();
    }

    @Test
    void entryExpiresAfter300SecondsAndSweepRemovesIt() {
        MacTable t = new MacTable();
        long t0 = 123 * S;
        t.learn(A, 1, t0);
        t.learn(B, 2, t0);
        t.learn(B, 2, t0 + 200 * S); // B refreshed
        assertEquals(1, t.lookup(A, t0 + 300 * S - 1));
        assertEquals(-1, t.lookup(A, t0 + 300 * S), "expired counts as unknown before the sweep");
        assertEquals(2, t.size());

        assertEquals(1, t.sweep(t0 + 300 * S));
        assertEquals(1, t.aged());
        assertEquals(1, t.size());
        assertEquals(-1, t.lookup(A, t0 + 300 * S));
        assertEquals(2, t.lookup(B, t0 + 300 * S));
        assertEquals(1, t.sweep(t0 + 500 * S));
        assertEquals(0, t.size());
        t.checkInvariants();
    }

    @Test
    void agingTimeIsConfigurable() {
        MacTable t = new MacTable(16, 4, 10 * S);
        t.learn(A, 1, 0);
        assertEquals(1, t.lookup(A, 10 * S - 1));
        assertEquals(-1, t.lookup(A, 10 * S));
    }

    @Test
    void expiredEntryIsRelearnedAsNew() {
        MacTable t = new MacTable();
        t.learn(A, 1, 0);
        assertTrue(t.learn(A, 2, 400 * S));
        assertEquals(2, t.lookup(A, 400 * S));
        assertEquals(0, t.moved(), "an expired entry is not a move");
        assertEquals(1, t.aged());
        assertEquals(2, t.learned());
        t.checkInvariants();
    }

    @Test
    void macSeenOnAnotherPortMoves() {
        MacTable t = new MacTable();
        t.learn(A, 1, 0);
        t.learn(B, 1, 0);
        assertTrue(t.learn(A, 3, S));
        assertEquals(3, t.lookup(A, S));
        assertEquals(1, t.moved());
        assertEquals(1, t.portEntries(1));
        assertEquals(1, t.portEntries(3));
        assertEquals(2, t.size());
        t.checkInvariants();
    }

    @Test
    void groupSourceIsNeverLearned() {
        MacTable t = new MacTable();
        for (String s : List.of("ff:ff:ff:ff:ff:ff", "01:00:5e:00:00:01", "33:33:00:00:00:01", "03:00:00:00:00:00")) {
            long mac = MacAddress.parse(s);
            assertFalse(t.learn(mac, 1, 0), s);
            assertEquals(-1, t.lookup(mac, 0), s);
        }
        assertEquals(0, t.size());
        assertEquals(0, t.learned());
    }

    @Test
    void fullTableEvictsOldestEntryOfBiggestPort() {
        MacTable t = new MacTable(4, 8, 300 * S);
        t.learn(A, 1, 1);
        t.learn(B, 1, 2);
        t.learn(C, 1, 3);
        t.learn(D, 2, 4);
        t.learn(A, 1, 5); // A is now port 1's newest; B its oldest
        t.learn(E, 2, 6); // full: port 1 is biggest (3) → B goes
        assertEquals(-1, t.lookup(B, 6));
        assertEquals(1, t.lookup(A, 6));
        assertEquals(1, t.lookup(C, 6));
        assertEquals(2, t.lookup(D, 6));
        assertEquals(2, t.lookup(E, 6));
        assertEquals(1, t.evicted());
        assertEquals(4, t.size());
        t.checkInvariants();
    }

    @Test
    void macFloodFromOnePortOnlyEvictsItsOwnEntries() {
        int cap = 1000;
        MacTable t = new MacTable(cap, 16, 300 * S);
        long now = 0;
        for (int port = 1; port <= 3; port++) {
            for (int i = 0; i < 10; i++) {
                t.learn(mac(port, i), port, now++);
            }
        }
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < 10 * cap; i++) {
            long m = rnd.nextLong() & 0xfeff_ffff_ffffL; // clear the group bit
            t.learn(m, 0, now++);
        }
        for (int port = 1; port <= 3; port++) {
            for (int i = 0; i < 10; i++) {
                assertEquals(port, t.lookup(mac(port, i), now), "host " + i + " of port " + port);
            }
        }
        assertEquals(cap, t.size());
        assertEquals(cap - 30, t.portEntries(0));
        assertEquals(t.learned() - cap, t.evicted());
        t.checkInvariants();
    }

    @Test
    void flushPortForgetsOnlyThatPort() {
        MacTable t = new MacTable();
        t.learn(A, 1, 0);
        t.learn(B, 1, 0);
        t.learn(C, 2, 0);
        assertEquals(2, t.flushPort(1));
        assertEquals(-1, t.lookup(A, 0));
        assertEquals(-1, t.lookup(B, 0));
        assertEquals(2, t.lookup(C, 0));
        assertEquals(0, t.flushPort(1));
        assertEquals(1, t.size());
        t.checkInvariants();
    }

    @Test
    void dumpListsEntriesWithAge() {
        MacTable t = new MacTable();
        t.learn(B, 2, 0);
        t.learn(A, 1, 10 * S);
        List<FdbEntry> d = t.dump(70 * S);
        assertEquals(List.of(new FdbEntry(A, 1, 60), new FdbEntry(B, 2, 70)), d);
        String text = FdbEntry.format(d);
        assertTrue(text.contains("    1  02:00:00:00:00:0a  60"), text);
    }

    @Test
    void rejectsBadConfigurationAndPorts() {
        assertThrows(IllegalArgumentException.class, () -> new MacTable(0, 4, S));
        assertThrows(IllegalArgumentException.class, () -> new MacTable(4, 0, S));
        assertThrows(IllegalArgumentException.class, () -> new MacTable(4, 4, 0));
        MacTable t = new MacTable(4, 4, S);
        assertThrows(IllegalArgumentException.class, () -> t.learn(A, 4, 0));
        assertThrows(IllegalArgumentException.class, () -> t.flushPort(-1));
    }

    /**
     * Random learn / lookup / sweep / flush against a HashMap model, on a table that never
     * fills (so the model is exact). Multiplier 1 sends every MAC to one home slot (one long
     * cluster); 1 << 16 with MACs whose top bits straddle the end of the index makes the probe
     * runs wrap around; the others are ordinary random multipliers.
     */
    @ParameterizedTest
    @ValueSource(longs = {1L, 1L << 16, 0x9E37_79B9_7F4A_7C15L, 0x1234_5678_9abc_def1L})
    void matchesHashMapModelUnderRandomOperations(long multiplier) {
        SplittableRandom rnd = new SplittableRandom(multiplier);
        int cap = 64;
        int ports = 8;
        long aging = 300 * S;
        MacTable t = new MacTable(cap, ports, aging, multiplier);
        long[] universe = new long[60]; // < cap: no eviction, so the model is exact
        for (int i = 0; i < universe.length; i++) {
            long top7 = (124 + rnd.nextInt(7)) & 0x7f; // homes near the end of a 128-slot index
            universe[i] = (top7 << 41) | (rnd.nextLong() & 0xfe_ffff_ffffL);
        }
        Map<Long, long[]> model = new HashMap<>(); // mac → {port, lastSeen}
        long now = 0;
        for (int op = 0; op < 100_000; op++) {
            now += rnd.nextInt(4) == 0 ? rnd.nextLong(20 * S) : rnd.nextLong(S);
            long mac = universe[rnd.nextInt(universe.length)];
            int r = rnd.nextInt(100);
            if (r < 50) {
                int port = rnd.nextInt(ports);
                t.learn(mac, port, now);
                model.put(mac, new long[] {port, now});
            } else if (r < 85) {
                long[] m = model.get(mac);
                int expected = m == null || now - m[1] >= aging ? -1 : (int) m[0];
                assertEquals(expected, t.lookup(mac, now), "lookup at op " + op);
            } else if (r < 95) {
                final long n = now;
                int before = model.size();
                model.values().removeIf(v -> n - v[1] >= aging);
                assertEquals(before - model.size(), t.sweep(now), "sweep at op " + op);
            } else if (r < 97) {
                int port = rnd.nextInt(ports);
                int before = model.size();
                model.values().removeIf(v -> v[0] == port);
                assertEquals(before - model.size(), t.flushPort(port), "flush at op " + op);
            } else {
                assertFalse(t.learn(mac | 0x0100_0000_0000L, rnd.nextInt(ports), now));
            }
            assertEquals(model.size(), t.size(), "size at op " + op);
            t.checkInvariants();
        }
        for (FdbEntry e : t.dump(now)) {
            assertEquals(model.get(e.mac())[0], e.port());
        }
    }

    /**
     * Random operations on a table much smaller than the MAC universe, so eviction runs all the
     * time: the table must stay consistent, within its cap, and never answer a wrong port
     * (forgetting is allowed, misdirecting is not).
     */
    @Test
    void staysConsistentUnderEvictionChurn() {
        SplittableRandom rnd = new SplittableRandom(7);
        int cap = 50;
        int ports = 6;
        long aging = 300 * S;
        MacTable t = new MacTable(cap, ports, aging, 0x9E37_79B9_7F4A_7C15L);
        Map<Long, long[]> model = new HashMap<>();
        long now = 0;
        for (int op = 0; op < 100_000; op++) {
            now += rnd.nextLong(S);
            long mac = (rnd.nextInt(400) + 1L) << 8; // unicast, 400 distinct
            int r = rnd.nextInt(100);
            if (r < 60) {
                int port = rnd.nextInt(ports);
                t.learn(mac, port, now);
                model.put(mac, new long[] {port, now});
            } else if (r < 95) {
                long[] m = model.get(mac);
                int got = t.lookup(mac, now);
                if (m == null || now - m[1] >= aging) {
                    assertEquals(-1, got);
                } else if (got != -1) {
                    assertEquals(m[0], got, "wrong port at op " + op);
                }
            } else if (r < 99) {
                t.sweep(now);
            } else {
                int port = rnd.nextInt(ports);
                t.flushPort(port);
                model.values().removeIf(v -> v[0] == port);
            }
            assertTrue(t.size() <= cap);
            t.checkInvariants();
        }
        assertTrue(t.evicted() > 1000, "eviction exercised: " + t.evicted());
    }

    private static long mac(int port, int i) {
        return 0x0200_0000_0000L | ((long) port << 16) | i;
    }
}
