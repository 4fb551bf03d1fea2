package atenet.vswitch.peer;

import atenet.vswitch.udp.Admission;
import atenet.vswitch.udp.DropCounters;
import atenet.vswitch.udp.DropReason;
import atenet.vswitch.udp.NetworkInfo;
import atenet.vswitch.udp.NodeIdentity;
import atenet.vswitch.udp.ServingNode;
import atenet.vswitch.udp.Underlay;
import atenet.wire.crypto.PacketCipher;
import atenet.wire.crypto.X25519Keys;
import atenet.wire.handshake.ResponderHandshake;
import atenet.wire.overlay.MessageKind;
import atenet.wire.overlay.OverlayCodec;
import atenet.wire.overlay.OverlayHeader;
import atenet.wire.port.Port;
import atenet.wire.port.PortKind;
import atenet.wire.port.PortLink;
import org.junit.jupiter.api.Test;

import javax.crypto.spec.SecretKeySpec;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Layer: unit. Two nodes' {@link PeerLinks} back to back on an in-memory pipe, without data planes: the handshake
 * between them, frames both ways byte for byte, and the HOT PATH property — a frame through a peer link (seal, send,
 * open, into the switch) allocates nothing beyond what the JDK's AES-GCM allocates for any seal and open (within the
 * JDK's own variation, see the assertion).
 */
class PeerLinksTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] CHAIN = new byte[32];
    private static final byte[] NET_ID = new byte[16];

    static {
        NET_ID[15] = 1;
    }

    /** One node: its identity, underlay end, peer links, and the switch port its peer link got. */
    private static final class Node {
        final NodeIdentity id = new NodeIdentity(X25519Keys.generatePrivate(RANDOM), CHAIN, new byte[0]);
        final Pipe pipe;
        final DropCounters drops = new DropCounters();
        final CountingLink link = new CountingLink();
        Port port;
        final PeerLinks links;

        Node(String ip) {
            pipe = new Pipe(new InetSocketAddress(ip, 4789));
            links = new PeerLinks(pipe, id, drops, RANDOM, () -> 1_800_000_000_000L, (hi, lo, p) -> {
                port = p;
                return link;
            });
        }

        /** What the data plane's demultiplexer does with each waiting datagram. */
        void pump(long now) {
            while (pipe.count > 0) {
                byte[] b = pipe.queue[pipe.head];
                int len = pipe.lens[pipe.head];
                InetSocketAddress from = pipe.other.address;
                if (b[0] == MessageKind.PEER_INIT) {
                    ResponderHandshake hs = ResponderHandshake.read(id.x25519Private(), CHAIN, b, len);
                    assertNotNull(hs);
                    links.onInit(hs, from, now);
                } else if (b[0] == MessageKind.RESPONSE) {
                    links.onResponse(b, len, from, now);
                } else if (b[0] == MessageKind.TRANSPORT) {
                    assertTrue(PeerLinks.isPeerIndex(OverlayCodec.receiver(b)));
                    assertTrue(links.onTransport(b, len, from, now));
                } else {
                    fail("unexpected kind " + MessageKind.name(b[0]));
                }
                pipe.head = (pipe.head + 1) % Pipe.SLOTS;
                pipe.count--;
            }
        }
    }

    private static Admission admission(Node dialler, Node answerer) {
        NetworkInfo net = new NetworkInfo(NET_ID, 0, 1, "n", "10.0.0.0/24", 1400, List.of(
                new ServingNode(1, dialler.id.x25519Public(), "a", dialler.pipe.address),
                new ServingNode(2, answerer.id.x25519Public(), "b", answerer.pipe.address)));
        return new Admission(List.of(net), Map.of(), 1);
    }

    private static Node[] linkedPair() {
        Node a = new Node("192.0.2.1");
        Node b = new Node("192.0.2.2");
        a.pipe.other = b.pipe;
        b.pipe.other = a.pipe;
        Admission adm = admission(a, b);
        a.links.apply(adm, 0);
        b.links.apply(adm, 0);
        a.links.timers(0);                               // node id 1 < 2: a dials
        b.links.timers(0);
        for (int i = 0; i < 3; i++) {
            b.pump(0);
            a.pump(0);
        }
        assertNotNull(a.port, "the dialler's link is a port");
        assertNotNull(b.port, "the answerer's link is a port once the KEEPALIVE confirmed it");
        assertEquals(PortKind.PEER, a.port.kind());
        assertEquals("up", a.links.snapshot(0).get(0).state());
        assertEquals("dials", a.links.snapshot(0).get(0).role());
        assertEquals("up", b.links.snapshot(0).get(0).state());
        assertEquals("answers", b.links.snapshot(0).get(0).role());
        return new Node[]{a, b};
    }

    /** One link per (other node, network) this node serves; links follow the memberships as they change. */
    @Test
    void linksFollowTheMembershipsPerNetwork() {
        Node self = new Node("192.0.2.1");
        byte[] p1 = X25519Keys.publicOf(X25519Keys.generatePrivate(RANDOM));
        byte[] p2 = X25519Keys.publicOf(X25519Keys.generatePrivate(RANDOM));
        ServingNode me = new ServingNode(5, self.id.x25519Public(), "me", self.pipe.address);
        ServingNode n1 = new ServingNode(1, p1, "p1", new InetSocketAddress("192.0.2.11", 4789));
        ServingNode n2 = new ServingNode(9, p2, "p2", new InetSocketAddress("192.0.2.12", 4789));
        NetworkInfo a = network(1, "a", me, n1);
        NetworkInfo b = network(2, "b", me, n1, n2);
        NetworkInfo c = network(3, "c", n1, n2);            // not served by this node: no peers there
        self.links.apply(new Admission(List.of(a, b, c), Map.of(), 1), 0);
        List<String> links = self.links.snapshot(0).stream().map(p -> p.name() + "@" + p.network() + ":" + p.role()).toList();
        assertEquals(List.of("p1@a:answers", "p1@b:answers", "p2@b:dials"), links, "node id 5: dials 9, answers 1");

        self.links.apply(new Admission(List.of(a, network(2, "b", me, n2), c), Map.of(), 2), 0);
        links = self.links.snapshot(0).stream().map(p -> p.name() + "@" + p.network()).toList();
        assertEquals(List.of("p1@a", "p2@b"), links, "p1 left network b: that link ended, the others stay");

        self.links.apply(new Admission(List.of(network(1, "a", n1), network(2, "b", n2), c), Map.of(), 3), 0);
        assertEquals(List.of(), self.links.snapshot(0), "this node left (or was removed from) every network");
    }

    private static NetworkInfo network(int id, String name, ServingNode... nodes) {
        byte[] nid = new byte[16];
        nid[15] = (byte) id;
        return new NetworkInfo(nid, 0, id, name, "10.0." + id + ".0/24", 1400, List.of(nodes));
    }

    @Test
    void framesCrossBothWaysByteExact() {
        Node[] n = linkedPair();
        byte[] f = new byte[1414];
        RANDOM.nextBytes(f);
        n[0].port.transmit(f, 0, f.length);
        n[1].pump(0);
        assertEquals(1, n[1].link.frames);
        assertArrayEquals(f, Arrays.copyOf(n[1].link.last, n[1].link.lastLen));
        n[1].port.transmit(f, 100, 60);
        n[0].pump(0);
        assertArrayEquals(Arrays.copyOfRange(f, 100, 160), Arrays.copyOf(n[0].link.last, n[0].link.lastLen));
        assertEquals(0, n[0].drops.get(DropReason.BAD_AUTH) + n[1].drops.get(DropReason.BAD_AUTH));
    }

    @Test
    void aFrameThroughAPeerLinkAllocatesNothingOfOurs() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "JVM cannot count allocated bytes per thread");
        mx.setThreadAllocatedMemoryEnabled(true);
        Node[] n = linkedPair();
        byte[] frame = new byte[200];
        int rounds = 100_000;
        long tid = Thread.currentThread().getId();

        peerPath(n, frame, 3 * rounds);                  // warm-up: JIT (C2's escape analysis), class loading
        long before = mx.getThreadAllocatedBytes(tid);
        peerPath(n, frame, rounds);
        long peer = mx.getThreadAllocatedBytes(tid) - before;

        byte[] pkt = new byte[OverlayHeader.MAX_PACKET_LEN];
        SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
        PacketCipher sealer = new PacketCipher();
        PacketCipher opener = new PacketCipher();
        cipherOnly(sealer, opener, key, pkt, frame.length, 3 * rounds);
        before = mx.getThreadAllocatedBytes(tid);
        cipherOnly(sealer, opener, key, pkt, frame.length, rounds);
        long jdk = mx.getThreadAllocatedBytes(tid) - before;

        assertEquals(4L * rounds, n[1].link.frames);
        // What the JDK's GCM allocates per init depends on what C2 managed to inline and scalar-replace around it:
        // measured 2080..2304 bytes per seal and open, and 0..24 bytes more inside the deeper peer path when the JVM is
        // shared with other tests. The margin (64 bytes per frame) still fails on any copy of a frame or datagram, or a
        // few objects per frame (a String of ours: +72); a single small object can hide in the JDK's noise.
        assertTrue(peer - jdk < 64L * rounds, "a peer frame allocated " + (double) peer / rounds + " bytes; a bare AES-GCM seal"
                + " and open " + (double) jdk / rounds);
    }

    private static void peerPath(Node[] n, byte[] frame, int rounds) {
        for (int i = 0; i < rounds; i++) {
            n[0].port.transmit(frame, 0, frame.length);
            n[1].pump(0);
        }
    }

    private static void cipherOnly(PacketCipher sealer, PacketCipher opener, SecretKeySpec key, byte[] pkt, int len,
                                   int rounds) {
        for (int i = 0; i < rounds; i++) {
            OverlayCodec.writeHeader(pkt, 7, i + 1);
            int n = sealer.seal(pkt, 1 + len, key);
            assertTrue(opener.open(pkt, n, key) > 0);
        }
    }

    /** An in-memory underlay end: sends copy into the other end's preallocated ring (no allocation). */
    private static final class Pipe implements Underlay {
        static final int SLOTS = 64;
        final InetSocketAddress address;
        final byte[][] queue = new byte[SLOTS][OverlayHeader.MAX_PACKET_LEN];
        final int[] lens = new int[SLOTS];
        int head;
        int count;
        Pipe other;

        Pipe(InetSocketAddress address) {
            this.address = address;
        }

        @Override
        public void send(byte[] pkt, int len, InetSocketAddress to, long srcHi, long srcLo) {
            assertEquals(other.address, to);
            assertTrue(other.count < SLOTS);
            int slot = (other.head + other.count) % SLOTS;
            System.arraycopy(pkt, 0, other.queue[slot], 0, len);
            other.lens[slot] = len;
            other.count++;
        }

        @Override
        public InetSocketAddress localAddress() {
            return address;
        }

        @Override
        public int drain(byte[] pkt, Receiver receiver, int max, long nowNanos) {
            return 0;
        }

        @Override
        public long localHi() {
            return 0;
        }

        @Override
        public long localLo() {
            return 0;
        }

        @Override
        public void flush() {
        }

        @Override
        public void awaitReadable(long millis) {
        }

        @Override
        public void wakeup() {
        }

        @Override
        public long txErrors() {
            return 0;
        }

        @Override
        public long rxErrors() {
            return 0;
        }

        @Override
        public Map<String, Object> offload() {
            return Map.of();
        }

        @Override
        public void close() {
        }
    }

    /** The switch side of a peer port: counts and keeps the last frame (no allocation). */
    private static final class CountingLink implements PortLink {
        final byte[] last = new byte[OverlayHeader.MAX_PACKET_LEN];
        int lastLen;
        long frames;

        @Override
        public int index() {
            return 0;
        }

        @Override
        public boolean receive(byte[] frame, int off, int len) {
            frames++;
            System.arraycopy(frame, off, last, 0, len);
            lastLen = len;
            return true;
        }

        @Override
        public boolean offer(byte[] frame, int off, int len) {
            return false;
        }

        @Override
        public void detach() {
        }
    }
}
