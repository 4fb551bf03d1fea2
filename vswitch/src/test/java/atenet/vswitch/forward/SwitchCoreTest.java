package atenet.vswitch.forward;

import atenet.vswitch.fdb.MacTable;
import atenet.wire.frame.MacAddress;
import atenet.wire.port.Port;
import atenet.wire.port.PortKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static atenet.wire.port.PortKind.ETHEREAL;
import static atenet.wire.port.PortKind.PEER;
import static atenet.wire.port.PortKind.UDP_CLIENT;
import static atenet.wire.port.PortKind.WS_CLIENT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Layer: unit, logic only (in-memory ports, fake clock). Proves the switch's decisions, not the
 * feature end to end: that is integration-tests/ in network namespaces.
 *
 * <pre>
 *   local ports                       peer nodes
 *   1 UDP (host A)  ─┐             ┌─ 10 PEER
 *   2 UDP (host B)  ─┼─ SwitchCore ┼─ 11 PEER
 *   3 WS  (host C)  ─┤             │
 *   4 ETHEREAL      ─┘             │
 * </pre>
 */
class SwitchCoreTest {
    private static final long S = 1_000_000_000L;
    private static final long HOST_A = MacAddress.parse("02:00:00:00:00:0a");
    private static final long HOST_B = MacAddress.parse("02:00:00:00:00:0b");
    private static final long HOST_C = MacAddress.parse("02:00:00:00:00:0c");
    private static final long HOST_R = MacAddress.parse("02:00:00:00:01:00"); // behind peer 10
    private static final long HOST_Q = MacAddress.parse("02:00:00:00:01:01"); // behind peer 11
    private static final long BCAST = MacAddress.BROADCAST;
    private static final long MCAST = MacAddress.parse("01:00:5e:00:00:fb");

    private long now = 1000 * S;
    private SwitchCore sw;
    private RecordingPort p1;
    private RecordingPort p2;
    private RecordingPort p3;
    private RecordingPort p4;
    private RecordingPort peer10;
    private RecordingPort peer11;

    @BeforeEach
    void setUp() {
        sw = new SwitchCore(64);
    }

    private void localOnly() {
        p1 = add(1, UDP_CLIENT);
        p2 = add(2, UDP_CLIENT);
        p3 = add(3, WS_CLIENT);
    }

    private void withPeers() {
        localOnly();
        p4 = add(4, ETHEREAL);
        peer10 = add(10, PEER);
        peer11 = add(11, PEER);
    }

    private RecordingPort add(int index, PortKind kind) {
        RecordingPort p = new RecordingPort(index, kind);
        sw.addPort(p);
        return p;
    }

    private int send(RecordingPort from, long dst, long src) {
        byte[] f = frame(dst, src, 60);
        return sw.forward(from.index(), f, 0, f.length, now);
    }

    static byte[] frame(long dst, long src, int len) {
        byte[] f = new byte[len];
        MacAddress.write(f, 0, dst);
        MacAddress.write(f, 6, src);
        f[12] = 0x08; // IPv4
        return f;
    }

    private void clearAll() {
        for (RecordingPort p : new RecordingPort[] {p1, p2, p3, p4, peer10, peer11}) {
            if (p != null) {
                p.clear();
            }
        }
    }

    @Test
    void unknownUnicastFloodsToAllButIngress() {
        localOnly();
        assertEquals(2, send(p1, HOST_B, HOST_A));
        assertEquals(0, p1.count());
        assertEquals(1, p2.count());
        assertEquals(1, p3.count());
        assertArrayEquals(frame(HOST_B, HOST_A, 60), p2.last());
        assertEquals(1, sw.counters().floods());
    }

    @Test
    void knownUnicastGoesOnlyToItsPort() {
        localOnly();
        send(p1, HOST_B, HOST_A); // flood; learns A on 1
        clearAll();
        assertEquals(1, send(p2, HOST_A, HOST_B)); // learns B on 2, A is known
        assertEquals(1, p1.count());
        assertEquals(0, p3.count(), "the third port hears nothing");
        assertEquals(1, send(p1, HOST_B, HOST_A));
        assertEquals(1, p2.count());
        assertEquals(0, p3.count());
        assertEquals(2, sw.counters().unicasts());
    }

    @Test
    void broadcastAndMulticastFloodEvenWhenEveryoneIsKnown() {
        localOnly();
        send(p1, HOST_B, HOST_A);
        send(p2, HOST_A, HOST_B);
        send(p3, HOST_A, HOST_C);
        clearAll();
        assertEquals(2, send(p2, BCAST, HOST_B));
        assertEquals(2, send(p2, MCAST, HOST_B));
        assertEquals(2, p1.count());
        assertEquals(0, p2.count());
        assertEquals(2, p3.count());
    }

    @Test
    void neverSendsBackOutTheIngressPort() {
        localOnly();
        send(p1, BCAST, HOST_A);
        send(p1, BCAST, HOST_C); // C also behind port 1 (say a bridge behind a client)
        clearAll();
        assertEquals(0, send(p1, HOST_C, HOST_A));
        assertEquals(0, p1.count() + p2.count() + p3.count());
        assertEquals(1, sw.counters().hairpin());
    }

    @Test
    void macThatMovesIsFollowed() {
        localOnly();
        send(p1, BCAST, HOST_A);
        send(p3, BCAST, HOST_A); // A moved to port 3
        clearAll();
        send(p2, HOST_A, HOST_B);
        assertEquals(0, p1.count());
        assertEquals(1, p3.count());
        assertEquals(1, sw.macTable().moved());
    }

    @Test
    void floodFromPeerReachesLocalPortsOnly() {
        withPeers();
        assertEquals(4, send(peer10, BCAST, HOST_R));
        assertEquals(1, p1.count());
        assertEquals(1, p2.count());
        assertEquals(1, p3.count());
        assertEquals(1, p4.count());
        assertEquals(0, peer11.count(), "split horizon: never from one peer to another");
        assertEquals(0, peer10.count());

        clearAll();
        assertEquals(4, send(peer10, HOST_Q, HOST_R)); // unknown unicast: same rule
        assertEquals(0, peer11.count());
    }

    @Test
    void floodFromLocalPortReachesLocalsAndPeers() {
        withPeers();
        assertEquals(5, send(p1, BCAST, HOST_A));
        assertEquals(0, p1.count());
        assertEquals(1, p2.count());
        assertEquals(1, p3.count());
        assertEquals(1, p4.count());
        assertEquals(1, peer10.count());
        assertEquals(1, peer11.count());
    }

    @Test
    void knownUnicastFromPeerToAnotherPeerIsDropped() {
        withPeers();
        send(peer11, BCAST, HOST_Q); // Q learned behind peer 11
        clearAll();
        assertEquals(0, send(peer10, HOST_Q, HOST_R));
        assertEquals(0, peer11.count());
        assertEquals(1, sw.counters().splitHorizon());
        assertEquals(4, send(peer10, HOST_A, HOST_R), "unknown A floods to the 4 local ports");
        clearAll();
        send(p1, HOST_R, HOST_A); // local → peer unicast is fine
        assertEquals(1, peer10.count());
    }

    @Test
    void stormOnOnePortDoesNotStopAnotherPortsUnicast() {
        sw = new SwitchCore(64, new MacTable(1024, 64, MacTable.DEFAULT_AGING_NANOS), new StormControl(64, 10, 20));
        localOnly();
        send(p3, BCAST, HOST_C); // learn C on 3
        send(p2, HOST_C, HOST_B); // learn B on 2
        clearAll();
        for (int i = 0; i < 1000; i++) {
            send(p1, BCAST, HOST_A); // ARP storm from port 1
            send(p2, HOST_C, HOST_B); // steady unicast 2 → 3
        }
        assertEquals(20, p2.count(), "only the burst of port 1's storm got through");
        assertEquals(1020, p3.count(), "20 broadcasts + every one of the 1000 unicasts");
        SwitchCounters c = sw.counters();
        assertEquals(980, c.stormDrops());
        assertEquals(980, c.ports().stream().filter(p -> p.index() == 1).findFirst().orElseThrow().floodDrops());
        assertEquals(980, sw.stormControl().dropped(1));
        assertEquals(2, send(p2, BCAST, HOST_B), "port 2 may still broadcast");
        now += S;
        assertEquals(2, send(p1, BCAST, HOST_A), "port 1's bucket refills with time");
    }

    @Test
    void removePortFlushesItsMacs() {
        localOnly();
        send(p1, BCAST, HOST_A);
        assertEquals(1, sw.macTable().lookup(HOST_A, now));
        assertSame(p1, sw.removePort(1));
        assertEquals(-1, sw.macTable().lookup(HOST_A, now));
        clearAll();
        assertEquals(1, send(p2, HOST_A, HOST_B), "A is unknown again: floods to the one other port");
        assertEquals(1, p3.count());
        assertEquals(0, p1.count());
        assertEquals(0, send(p1, HOST_B, HOST_A), "a removed port's frames are dropped");
        assertEquals(1, sw.counters().noIngress());
        assertNull(sw.removePort(1));
        assertEquals(2, sw.portCount());
    }

    @Test
    void shortFrameIsCountedAsMalformed() {
        localOnly();
        byte[] f = frame(BCAST, HOST_A, 60);
        assertEquals(0, sw.forward(1, f, 0, 13, now));
        assertEquals(0, sw.forward(1, f, 50, 14, now), "range past the array");
        assertEquals(0, p2.count() + p3.count());
        assertEquals(2, sw.counters().malformed());
        assertEquals(0, sw.macTable().size(), "nothing learned from a malformed frame");
        assertEquals(2, sw.forward(1, f, 0, 14, now), "a bare 14-byte header is fine");
    }

    @Test
    void agedMacFloodsAgain() {
        localOnly();
        send(p1, BCAST, HOST_A);
        now += 300 * S;
        assertEquals(1, sw.sweep(now));
        clearAll();
        assertEquals(2, send(p2, HOST_A, HOST_B));
    }

    @Test
    void countersPerPortAndDump() {
        localOnly();
        send(p1, BCAST, HOST_A); // 60 B in on 1, out on 2 and 3
        send(p2, HOST_A, HOST_B); // 60 B in on 2, out on 1
        SwitchCounters c = sw.counters();
        assertEquals(3, c.ports().size());
        SwitchCounters.PortCounters c1 = c.ports().get(0);
        assertEquals(1, c1.index());
        assertEquals(1, c1.rxFrames());
        assertEquals(60, c1.rxBytes());
        assertEquals(1, c1.txFrames());
        assertEquals(60, c1.txBytes());
        SwitchCounters.PortCounters c3 = c.ports().get(2);
        assertEquals(0, c3.rxFrames());
        assertEquals(1, c3.txFrames());
        String text = c.format();
        assertTrue(text.contains("floods 1 unicasts 1"), text);
        assertTrue(text.contains("test WS_CLIENT #3"), text);
    }

    @Test
    void throwingPortIsCountedAndTheFloodGoesOn() {
        localOnly();
        sw.addPort(new Port() {
            public int index() {
                return 5;
            }

            public PortKind kind() {
                return UDP_CLIENT;
            }

            public void transmit(byte[] frame, int off, int len) {
                throw new IllegalStateException("socket closed");
            }

            public String describe() {
                return "broken";
            }
        });
        assertEquals(2, send(p1, BCAST, HOST_A));
        assertEquals(1, p2.count());
        assertEquals(1, p3.count());
        assertEquals(1, sw.counters().ports().stream().filter(p -> p.index() == 5).findFirst().orElseThrow().txErrors());
    }

    @Test
    void addPortChecksItsIndex() {
        localOnly();
        assertThrows(IllegalStateException.class, () -> sw.addPort(new RecordingPort(1, UDP_CLIENT)));
        assertThrows(IllegalArgumentException.class, () -> sw.addPort(new RecordingPort(64, UDP_CLIENT)));
        assertThrows(IllegalArgumentException.class,
                () -> new SwitchCore(64, new MacTable(16, 8, S), new StormControl(64)));
    }

    @Test
    void switchesAreIsolated() {
        localOnly();
        SwitchCore other = new SwitchCore(64);
        RecordingPort o1 = new RecordingPort(1, UDP_CLIENT);
        other.addPort(o1);
        other.addPort(new RecordingPort(2, UDP_CLIENT));
        send(p1, BCAST, HOST_A);
        assertEquals(0, o1.count());
        assertEquals(-1, other.macTable().lookup(HOST_A, now));
    }
}
