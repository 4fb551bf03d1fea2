package atenet.vswitch.forward;

import atenet.vswitch.fdb.MacTable;
import atenet.wire.frame.MacAddress;
import atenet.wire.port.PortKind;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Layer: unit, a property of the HOT PATH: {@link SwitchCore#forward} allocates nothing per
 * frame. Measured with the JVM's per-thread allocation counter (exact, TLAB-based), not with
 * time, so it is stable on a loaded machine. The mix covers known unicast, broadcast (with storm
 * drops), unknown unicast, peer ingress, hairpin and a stream of new source MACs that keeps the
 * MAC table full and evicting.
 */
class SwitchCoreAllocationTest {
    private static final int ROUNDS = 1_000_000;
    private static final long BOUND_BYTES = 64 * 1024;

    @Test
    void forwardDoesNotAllocatePerFrame() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "JVM cannot count allocated bytes per thread");
        mx.setThreadAllocatedMemoryEnabled(true);

        SwitchCore sw = new SwitchCore(64, new MacTable(256, 64, MacTable.DEFAULT_AGING_NANOS), new StormControl(64));
        CountingPort[] ports = new CountingPort[8];
        for (int i = 0; i < ports.length; i++) {
            ports[i] = new CountingPort(i, i >= 6 ? PortKind.PEER : PortKind.UDP_CLIENT);
            sw.addPort(ports[i]);
        }
        long a = MacAddress.parse("02:00:00:00:00:0a");
        long b = MacAddress.parse("02:00:00:00:00:0b");
        byte[] aToB = SwitchCoreTest.frame(b, a, 98);
        byte[] bToA = SwitchCoreTest.frame(a, b, 98);
        byte[] bcast = SwitchCoreTest.frame(MacAddress.BROADCAST, a, 60);
        byte[] fromNew = SwitchCoreTest.frame(MacAddress.parse("02:00:00:00:00:99"), 0, 1514);
        long[] clock = {0};

        run(sw, aToB, bToA, bcast, fromNew, clock, ROUNDS / 5); // warm up: JIT, class loading

        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        run(sw, aToB, bToA, bcast, fromNew, clock, ROUNDS / 5);
        long allocated = mx.getThreadAllocatedBytes(tid) - before;

        assertTrue(allocated < BOUND_BYTES, ROUNDS + " frames allocated " + allocated + " bytes");
        SwitchCounters c = sw.counters();
        assertTrue(c.unicasts() > 0 && c.floods() > 0 && c.stormDrops() > 0 && c.hairpin() > 0, c.format());
        assertTrue(sw.macTable().evicted() > 0);
        assertEquals(0, c.malformed());
    }

    /** 5 frames per round, ROUNDS frames in all when called with ROUNDS / 5. */
    private static void run(SwitchCore sw, byte[] aToB, byte[] bToA, byte[] bcast, byte[] fromNew,
                            long[] clock, int rounds) {
        long now = clock[0];
        for (int i = 0; i < rounds; i++) {
            now += 1_000; // 1 µs per round
            sw.forward(1, aToB, 0, aToB.length, now);
            sw.forward(2, bToA, 0, bToA.length, now);
            sw.forward(1 + (i & 1), bcast, 0, bcast.length, now); // A's broadcast, from 1 or (hairpin-learning) 2
            MacAddress.write(fromNew, 6, 0x0200_0000_0000L | (i & 0xffff) << 8);
            sw.forward(3 + (i % 5), fromNew, 0, fromNew.length, now); // new sources on ports 3..7 (6, 7 are peers)
            sw.forward(1, bToA, 0, bToA.length, now); // hairpin while A sits on port 1
        }
        clock[0] = now;
    }
}
