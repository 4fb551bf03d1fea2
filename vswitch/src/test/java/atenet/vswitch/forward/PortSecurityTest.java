package atenet.vswitch.forward;

import atenet.wire.frame.MacAddress;
import atenet.wire.port.PortKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static atenet.wire.port.PortKind.ETHEREAL;
import static atenet.wire.port.PortKind.PEER;
import static atenet.wire.port.PortKind.UDP_CLIENT;
import static atenet.wire.port.PortKind.WS_CLIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Layer: unit, logic only (in-memory ports, crafted frames). Port security on client ports:
 * bound source MAC, RA guard, DHCP snooping; peers and ethereal ports are exempt.
 *
 * <pre>
 *   1 UDP bound to A ─┐
 *   2 UDP unbound    ─┼─ SwitchCore ── 10 PEER
 *   3 WS  bound to C ─┤
 *   4 ETHEREAL       ─┘   (5 = an observer UDP port, bound to B)
 * </pre>
 */
class PortSecurityTest {
    private static final long HOST_A = MacAddress.parse("02:00:00:00:00:0a");
    private static final long HOST_B = MacAddress.parse("02:00:00:00:00:0b");
    private static final long HOST_C = MacAddress.parse("02:00:00:00:00:0c");
    private static final long OTHER = MacAddress.parse("02:00:00:00:00:ee");
    private static final long BCAST = MacAddress.BROADCAST;
    private static final int IPV4 = 0x0800;
    private static final int IPV6 = 0x86dd;

    private final long now = 1_000_000_000L;
    private SwitchCore sw;
    private RecordingPort bound;
    private RecordingPort unbound;
    private RecordingPort ws;
    private RecordingPort ethereal;
    private RecordingPort peer;
    private RecordingPort observer;

    @BeforeEach
    void setUp() {
        sw = new SwitchCore(64);
        bound = add(1, UDP_CLIENT, HOST_A);
        unbound = add(2, UDP_CLIENT, RecordingPort.ANY_MAC);
        ws = add(3, WS_CLIENT, HOST_C);
        ethereal = add(4, ETHEREAL, RecordingPort.ANY_MAC);
        observer = add(5, UDP_CLIENT, HOST_B);
        peer = add(10, PEER, RecordingPort.ANY_MAC);
    }

    private RecordingPort add(int index, PortKind kind, long mac) {
        RecordingPort p = new RecordingPort(index, kind, mac);
        sw.addPort(p);
        return p;
    }

    /** dst | src | [802.1Q tag] | type | payload. */
    private static byte[] frame(long src, boolean tagged, int type, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + (tagged ? 4 : 0) + payload.length);
        b.putShort((short) (BCAST >>> 32)).putInt((int) BCAST);
        b.putShort((short) (src >>> 32)).putInt((int) src);
        if (tagged) {
            b.putShort((short) 0x8100).putShort((short) 42);
        }
        return b.putShort((short) type).put(payload).array();
    }

    /** IPv4 (20 B) + UDP header + 240 bytes of DHCP. */
    private static byte[] ipv4Udp(int srcPort, int dstPort) {
        ByteBuffer b = ByteBuffer.allocate(20 + 8 + 240);
        b.put(0, (byte) 0x45).put(8, (byte) 64).put(9, (byte) 17);
        b.putShort(20, (short) srcPort).putShort(22, (short) dstPort);
        return b.array();
    }

    /** IPv6 (40 B), optionally a hop-by-hop header (8 B), then 8 bytes of ICMPv6 or UDP. */
    private static byte[] ipv6(int upperProto, boolean hopByHop, int icmpTypeOrSrcPort) {
        ByteBuffer b = ByteBuffer.allocate(40 + (hopByHop ? 8 : 0) + 8);
        b.put(0, (byte) 0x60).put(6, (byte) (hopByHop ? 0 : upperProto)).put(7, (byte) 255);
        int at = 40;
        if (hopByHop) {
            b.put(at, (byte) upperProto);
            at += 8;
        }
        if (upperProto == 58) {
            b.put(at, (byte) icmpTypeOrSrcPort);
        } else {
            b.putShort(at, (short) icmpTypeOrSrcPort).putShort(at + 2, (short) 546);
        }
        return b.array();
    }

    private int send(RecordingPort from, byte[] f) {
        return sw.forward(from.index(), f, 0, f.length, now);
    }

    private static byte[] plain(long src) {
        return frame(src, false, IPV4, ipv4Udp(40000, 53));
    }

    @Test
    void boundClientMaySendOnlyFromItsMac() {
        assertEquals(5, send(bound, plain(HOST_A)));
        assertEquals(0, send(bound, plain(OTHER)));
        assertEquals(0, send(ws, plain(HOST_A)), "a WS client is held to its own MAC too");
        assertEquals(5, send(ws, plain(HOST_C)));
        assertEquals(2, sw.counters().macSpoof());
        assertEquals(-1, sw.macTable().lookup(OTHER, now), "a spoofed source is not learned");
    }

    @Test
    void taggedFrameFromABoundClientIsCheckedOnTheSameSourceField() {
        assertEquals(5, send(bound, frame(HOST_A, true, IPV4, ipv4Udp(40000, 53))));
        assertEquals(0, send(bound, frame(OTHER, true, IPV4, ipv4Udp(40000, 53))));
        assertEquals(1, sw.counters().macSpoof());
    }

    @Test
    void unboundClientPeerAndEtherealMaySendFromAnyMac() {
        assertEquals(5, send(unbound, plain(OTHER)));
        assertEquals(5, send(unbound, plain(HOST_B)));
        assertEquals(5, send(ethereal, plain(MacAddress.parse("02:00:00:00:00:e1"))));
        assertEquals(5, send(peer, plain(MacAddress.parse("02:00:00:00:00:e2"))), "from a peer: the five local ports");
        assertEquals(0, sw.counters().macSpoof());
    }

    @Test
    void routerAdvertisementFromAnyClientIsDropped() {
        assertEquals(0, send(bound, frame(HOST_A, false, IPV6, ipv6(58, false, 134))));
        assertEquals(0, send(unbound, frame(OTHER, false, IPV6, ipv6(58, true, 134))), "behind hop-by-hop");
        assertEquals(0, send(ws, frame(HOST_C, true, IPV6, ipv6(58, false, 134))), "behind an 802.1Q tag");
        assertEquals(3, sw.counters().raGuard());
        assertEquals(0, observer.count());
        assertEquals(5, send(bound, frame(HOST_A, false, IPV6, ipv6(58, false, 133))), "a Router Solicitation passes");
    }

    @Test
    void dhcpServerMessagesFromClientsAreDropped() {
        assertEquals(0, send(bound, frame(HOST_A, false, IPV4, ipv4Udp(67, 68))));
        assertEquals(0, send(unbound, frame(OTHER, true, IPV4, ipv4Udp(67, 68))), "behind an 802.1Q tag");
        assertEquals(0, send(ws, frame(HOST_C, false, IPV6, ipv6(17, false, 547))), "DHCPv6 from port 547");
        assertEquals(3, sw.counters().dhcpSnoop());
        assertEquals(5, send(bound, frame(HOST_A, false, IPV4, ipv4Udp(68, 67))), "a client's DISCOVER passes");
        assertEquals(5, send(bound, frame(HOST_A, false, IPV6, ipv6(17, false, 546))), "a client's SOLICIT passes");
    }

    @Test
    void routersAndDhcpServersBehindPeersAndEtherealPortsAreExempt() {
        assertEquals(5, send(ethereal, frame(OTHER, false, IPV4, ipv4Udp(67, 68))), "the built-in DHCP server");
        assertEquals(5, send(ethereal, frame(OTHER, false, IPV6, ipv6(58, false, 134))), "the gateway's RA");
        assertEquals(5, send(peer, frame(HOST_B, false, IPV6, ipv6(58, false, 134))));
        SwitchCounters c = sw.counters();
        assertEquals(0, c.raGuard() + c.dhcpSnoop() + c.macSpoof());
    }

    @Test
    void spoofIsCountedBeforeTheContent() {
        assertEquals(0, send(bound, frame(OTHER, false, IPV6, ipv6(58, false, 134))));
        SwitchCounters c = sw.counters();
        assertEquals(1, c.macSpoof());
        assertEquals(0, c.raGuard());
    }
}
