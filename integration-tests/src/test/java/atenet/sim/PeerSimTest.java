package atenet.sim;

import atenet.wire.crypto.KeyId;
import atenet.wire.crypto.X25519Keys;
import atenet.wire.handshake.HandshakeLayout;
import atenet.wire.handshake.InitiatorHandshake;
import atenet.wire.handshake.Tai64n;
import atenet.wire.overlay.MessageKind;
import atenet.wire.overlay.RejectReason;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Simulator layer: switching between nodes (issue 6 §3). Three real data planes that serve one network link up as
 * peers (a full mesh of encrypted links on the in-memory underlay), with real client engines on each, one fake
 * clock, no sleeps.
 * <pre>
 *   a1, a2 ── n1 ───── n2 ── b
 *              \      /
 *               \    /
 *                 n3 ── c
 * </pre>
 */
class PeerSimTest {
    private static final long BROADCAST = 0xffff_ffff_ffffL;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Sim sim;
    private SimNode n1;
    private SimNode n2;
    private SimNode n3;
    private SimClient a1;
    private SimClient a2;
    private SimClient b;
    private SimClient c;
    /** Every datagram of the set-up (joins, the mesh coming up). */
    private List<SimNet.Datagram> setup;

    @BeforeEach
    void threeNodesWithClients() {
        sim = new Sim();
        sim.net.record(true);
        n1 = sim.addNode("n1");
        n2 = sim.addNode("n2");
        n3 = sim.addNode("n3");
        a1 = sim.addClient(n1);
        a2 = sim.addClient(n1);
        b = sim.addClient(n2);
        c = sim.addClient(n3);
        joinAll();
        assertTrue(ticksUntil(20, this::meshUp), "the full mesh comes up within 2 s: " + peers(n1) + peers(n2) + peers(n3));
        sim.net.record(false);
        setup = sim.net.seen();
        sim.net.clearSeen();
    }

    // ------------------------------------------------------------------ helpers

    private void joinAll() {
        for (int i = 0; i < 600 && !sim.clients.stream().allMatch(SimClient::joined); i++) {
            sim.tick();
        }
        for (SimClient x : sim.clients) {
            assertTrue(x.joined(), "a client did not join: " + x.warnings);
        }
    }

    /** Ticks (100 ms each) until {@code done} holds; false if it never did within {@code max} ticks. */
    private boolean ticksUntil(int max, java.util.function.BooleanSupplier done) {
        for (int i = 0; i < max; i++) {
            if (done.getAsBoolean()) {
                return true;
            }
            sim.tick();
        }
        return done.getAsBoolean();
    }

    private static JsonArray peers(SimNode n) {
        return n.status().getJsonArray("peers");
    }

    /** The state {@code of} reports for its link with {@code peer} ("up", "dead", "handshaking"), or null. */
    private static String stateOf(SimNode of, SimNode peer) {
        JsonObject p = peerEntry(of, peer);
        return p == null ? null : p.getString("state");
    }

    private static JsonObject peerEntry(SimNode of, SimNode peer) {
        for (Object o : peers(of)) {
            JsonObject p = (JsonObject) o;
            if (p.getString("nodeId").equals(KeyId.hex(peer.nodeId))) {
                return p;
            }
        }
        return null;
    }

    private boolean meshUp() {
        for (SimNode x : sim.nodes) {
            for (SimNode y : sim.nodes) {
                if (x != y && x.alive() && y.alive() && !"up".equals(stateOf(x, y))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int peerPorts(SimNode n) {
        int k = 0;
        for (Object o : n.status().getJsonArray("networks").getJsonObject(0).getJsonArray("ports")) {
            if ("PEER".equals(((JsonObject) o).getString("kind"))) {
                k++;
            }
        }
        return k;
    }

    /** A frame of {@code len} bytes with random contents after the header and a sequence number. */
    private static byte[] frame(long dst, long src, int seq, int len) {
        byte[] f = Arrays.copyOf(Sim.frame(dst, src, seq), len);
        byte[] noise = new byte[len - 18];
        RANDOM.nextBytes(noise);
        System.arraycopy(noise, 0, f, 18, noise.length);
        return f;
    }

    private void everyoneBroadcastsOnce() {
        for (int i = 0; i < sim.clients.size(); i++) {
            SimClient x = sim.clients.get(i);
            assertTrue(x.sendFrame(Sim.frame(BROADCAST, x.mac, 1000 + i)));
        }
        sim.settle();
        sim.clients.forEach(x -> x.received.clear());
    }

    private static long datagramsTo(List<SimNet.Datagram> seen, SimNode n) {
        return seen.stream().filter(d -> d.to().equals(n.address())).count();
    }

    private SimNode byNodeId(int rank) {
        List<SimNode> sorted = new ArrayList<>(sim.nodes);
        sorted.sort(Comparator.comparing(n -> n.nodeId, Long::compareUnsigned));
        return sorted.get(rank);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void eachNodeDialsOnlyTheNodesWithLargerIds() {
        for (SimNode x : sim.nodes) {
            for (SimNode y : sim.nodes) {
                if (x != y) {
                    String expected = Long.compareUnsigned(x.nodeId, y.nodeId) < 0 ? "dials" : "answers";
                    assertEquals(expected, peerEntry(x, y).getString("role"));
                }
            }
            assertEquals(2, peers(x).size(), "one link per other node, never one to itself");
            assertEquals(2, peerPorts(x), "one PEER port per link");
        }
    }

    @Test
    void everyClientReachesEveryOtherByteExact() {
        int seq = 0;
        for (SimClient x : sim.clients) {
            for (SimClient y : sim.clients) {
                if (x == y) {
                    continue;
                }
                for (int len : new int[]{60, 1414}) {       // the smallest frame and one of a full 1400-byte MTU
                    byte[] f = frame(y.mac, x.mac, seq++, len);
                    y.received.clear();
                    assertTrue(x.sendFrame(f));
                    sim.settle();
                    assertEquals(1, y.received.stream().filter(r -> Arrays.equals(r, f)).count(),
                            "exactly one byte-exact copy from " + x.address + " to " + y.address);
                }
            }
        }
    }

    @Test
    void aBroadcastReachesEveryOtherClientExactlyOnce() {
        for (int round = 0; round < 3; round++) {          // before and after learning
            for (int i = 0; i < sim.clients.size(); i++) {
                SimClient x = sim.clients.get(i);
                assertTrue(x.sendFrame(Sim.frame(BROADCAST, x.mac, 100 * round + i)));
                sim.settle();                               // no loop: the simulation settles at all
                for (SimClient y : sim.clients) {
                    assertEquals(y == x ? 0 : 1, y.received.size(),
                            "round " + round + ", from client " + i + " to " + y.address + ": " + y.received.size());
                    y.received.clear();
                }
            }
        }
        for (SimNode n : sim.nodes) {
            JsonObject p = peerEntry(n, n == n1 ? n2 : n1);
            assertTrue(p.getLong("framesIn") > 0 && p.getLong("framesOut") > 0, p.encode());
        }
    }

    @Test
    void knownUnicastCrossesExactlyOneLink() {
        everyoneBroadcastsOnce();                          // every node learns every MAC
        JsonArray macs = n1.status().getJsonArray("networks").getJsonObject(0).getJsonArray("macs");
        assertEquals(4, macs.size(), "n1 learnt its own two clients and the two behind its peers: " + macs);
        sim.net.record(true);
        assertTrue(a1.sendFrame(Sim.frame(b.mac, a1.mac, 7)));
        assertTrue(b.sendFrame(Sim.frame(a1.mac, b.mac, 8)));
        sim.settle();
        sim.net.record(false);
        List<SimNet.Datagram> seen = sim.net.seen();
        assertEquals(0, datagramsTo(seen, n3), "no datagram to the node not on the path");
        assertEquals(1, seen.stream().filter(d -> d.from().equals(n1.address()) && d.to().equals(n2.address())).count());
        assertEquals(1, seen.stream().filter(d -> d.from().equals(n2.address()) && d.to().equals(n1.address())).count());
        assertEquals(1, b.received.size());
        assertEquals(1, a1.received.size());
        assertEquals(0, a2.received.size());
        assertEquals(0, c.received.size());
    }

    @Test
    void idlePeersKeepEachOtherAlive() {
        sim.ticks(300);                                    // 30 s without a frame
        assertTrue(meshUp());
        for (SimNode x : sim.nodes) {
            for (Object o : peers(x)) {
                JsonObject p = (JsonObject) o;
                assertEquals(0, p.getLong("deaths"), p.encode());
                assertTrue(p.getDouble("lastHeardSeconds") <= 1.5, "heard at least every second: " + p.encode());
            }
        }
    }

    /** The node that dials both others (smallest id), or the one that answers both (largest id), dies and comes back. */
    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void aDeadPeerIsSeenWithinFiveSecondsAndRelinkedWhenItComesBack(int rank) {
        everyoneBroadcastsOnce();
        SimNode dead = byNodeId(rank);
        SimClient behind = dead == n1 ? a1 : dead == n2 ? b : c;
        List<SimNode> others = sim.nodes.stream().filter(n -> n != dead).toList();
        dead.kill();
        int ticks = 0;
        while (ticks < 60 && !others.stream().allMatch(n -> "dead".equals(stateOf(n, dead)))) {
            sim.tick();
            ticks++;
        }
        assertTrue(ticks <= 50, "seen dead after " + ticks * 100 + " ms");
        for (SimNode n : others) {
            assertEquals(1, peerPorts(n), "the dead peer's port is detached");
            JsonArray macs = n.status().getJsonArray("networks").getJsonObject(0).getJsonArray("macs");
            String gone = atenet.wire.frame.MacAddress.format(behind.mac);
            assertTrue(macs.stream().noneMatch(m -> ((JsonObject) m).getString("mac").equals(gone)),
                    "MACs behind the dead peer are forgotten: " + macs);
        }
        SimNode alive = others.get(0);
        SimClient sender = alive == n1 ? a2 : alive == n2 ? b : c;
        sim.net.record(true);
        sender.sendFrame(Sim.frame(BROADCAST, sender.mac, 5));
        sim.settle();
        sim.net.record(false);
        assertEquals(0, datagramsTo(sim.net.seen(), dead), "nothing is sent to a dead peer");

        dead.restart();                                    // same key, same address, no state
        sim.publish();
        assertTrue(ticksUntil(100, this::meshUp), "re-linked within 10 s without operator action: "
                + others.stream().map(n -> peers(n).encode()).toList());
        for (SimNode n : others) {
            assertTrue(peerEntry(n, dead).getLong("handshakes") >= 1);
        }
        assertTrue(ticksUntil(600, () -> behind.joins == 2), "the client behind the restarted node rejoins: " + behind.warnings);
        SimClient far = others.get(0) == n1 ? a1 : others.get(0) == n2 ? b : c;
        byte[] f = frame(behind.mac, far.mac, 9, 200);
        far.sendFrame(f);
        sim.settle();
        assertTrue(behind.received.stream().anyMatch(r -> Arrays.equals(r, f)), "frames cross the new link");
    }

    @Test
    void aClientKeyCannotBecomeAPeerAndANodeCannotDialOutOfTurn() {
        byte[] clientKey = a1.accessPrivate;
        SimNode answerer = byNodeId(2);                    // the largest id: it never dials
        SimNode target = byNodeId(0);
        List<byte[]> rogues = List.of(clientKey, answerer.identity.x25519Private());
        long refusedBefore = target.drops("peerRefused");
        int idx = 0x8000_0100;
        for (byte[] key : rogues) {
            InitiatorHandshake hs = InitiatorHandshake.peer(key, target.identity.x25519Public(), sim.chainId, sim.networkId,
                    ++idx, Tai64n.of(sim.clock.millis() + 60_000, 0), RANDOM);
            byte[] init = new byte[HandshakeLayout.INIT_LEN];
            hs.writeInit(init, null);
            InetSocketAddress rogue = Sim.address("198.51.100.7", 5000);
            var inbox = sim.net.register(rogue);
            sim.net.inject(new SimNet.Datagram(rogue, target.address(), init));
            sim.settle();
            SimNet.Datagram answer = inbox.poll();
            sim.net.unregister(rogue);
            assertNotNull(answer, "an authenticated refusal");
            assertEquals(MessageKind.RESPONSE, answer.data()[0]);
            InitiatorHandshake.Response r = hs.readResponse(answer.data(), answer.data().length);
            assertNotNull(r);
            assertFalse(r.accepted());
            assertEquals(RejectReason.UNKNOWN_KEY.code, r.status());
        }
        assertEquals(refusedBefore + 2, target.drops("peerRefused"));
        assertEquals(2, peerPorts(target), "no PEER port was added");
        assertTrue(meshUp(), "the real links are untouched");
    }

    @Test
    void replayedPeerHandshakesAndPacketsChangeNothing() {
        everyoneBroadcastsOnce();
        List<SimNet.Datagram> peerInits = setup.stream().filter(d -> d.data()[0] == MessageKind.PEER_INIT).toList();
        assertEquals(3, peerInits.size(), "one PEER_INIT per pair of nodes, no retries");
        List<SimNet.Datagram> peerTransport = setup.stream()
                .filter(d -> d.data()[0] == MessageKind.TRANSPORT && isNode(d.from()) && isNode(d.to())).toList();
        assertFalse(peerTransport.isEmpty());
        long replayedBefore = sim.nodes.stream().mapToLong(n -> n.drops("replayedHandshake")).sum();
        long replayBefore = sim.nodes.stream().mapToLong(n -> n.drops("replay")).sum();
        peerInits.forEach(sim.net::inject);
        peerTransport.forEach(sim.net::inject);
        sim.settle();
        assertEquals(replayedBefore + 3, sim.nodes.stream().mapToLong(n -> n.drops("replayedHandshake")).sum());
        assertEquals(replayBefore + peerTransport.size(), sim.nodes.stream().mapToLong(n -> n.drops("replay")).sum());
        for (SimNode x : sim.nodes) {
            for (Object o : peers(x)) {
                assertEquals(1, ((JsonObject) o).getLong("handshakes"), "no new session: " + o);
            }
        }
        assertTrue(meshUp());
        byte[] f = frame(c.mac, a1.mac, 1, 100);
        a1.sendFrame(f);
        sim.settle();
        assertTrue(c.received.stream().anyMatch(r -> Arrays.equals(r, f)), "the live links are untouched");
    }

    @Test
    void hostileDatagramsAtThePeerPathAreCountedNeverThrown() {
        SimNet.Datagram sample = setup.stream().filter(d -> d.data()[0] == MessageKind.TRANSPORT
                && isNode(d.from()) && isNode(d.to())).findFirst().orElseThrow();
        InetSocketAddress from = sample.from();
        SimNode target = node(sample.to());                    // the node under attack, from its peer's address
        long malformed = target.drops("malformed");
        long unknownSession = target.drops("unknownSession");
        long badAuth = target.drops("badAuth");
        byte[][] hostile = {
                withKindAndIndex(new byte[HandshakeLayout.RESP_LEN], MessageKind.RESPONSE, 0x8000_1234),   // no PEER_INIT of ours
                withKindAndIndex(new byte[HandshakeLayout.COOKIE_LEN], MessageKind.COOKIE, 0x8000_1234),
                withKindAndIndex(new byte[5], MessageKind.UNKNOWN_SESSION, 0x1234),                       // names no session
                withKindAndIndex(new byte[3], MessageKind.RESPONSE, 0x8000_0000),                           // short
        };
        for (byte[] h : hostile) {
            sim.net.inject(new SimNet.Datagram(from, target.address(), h));
        }
        byte[] unknown = sample.data().clone();
        atenet.wire.overlay.OverlayCodec.putInt(unknown, 1, 0x8765_4321);                                  // a peer index we never chose
        sim.net.inject(new SimNet.Datagram(from, target.address(), unknown));
        byte[] forged = sample.data().clone();
        atenet.wire.overlay.OverlayCodec.putLong(forged, 5, 1L << 40);                                    // fresh counter, bad tag
        sim.net.inject(new SimNet.Datagram(from, target.address(), forged));
        byte[] random = new byte[200];
        for (int i = 0; i < 200; i++) {
            RANDOM.nextBytes(random);
            random[0] = (byte) (0x51 + RANDOM.nextInt(8));
            sim.net.inject(new SimNet.Datagram(from, target.address(), random.clone()));
        }
        sim.settle();
        assertTrue(target.drops("malformed") >= malformed + 4, "RESPONSE, COOKIE, hint and short RESPONSE");
        assertTrue(target.drops("unknownSession") >= unknownSession + 1);
        assertTrue(target.drops("badAuth") >= badAuth + 1);
        assertEquals(0, target.drops("internalError"));
        sim.ticks(10);
        assertTrue(meshUp(), "the links survive");
    }

    private boolean isNode(InetSocketAddress a) {
        return sim.nodes.stream().anyMatch(n -> n.address().equals(a));
    }

    private SimNode node(InetSocketAddress a) {
        return sim.nodes.stream().filter(n -> n.address().equals(a)).findFirst().orElseThrow();
    }

    private static byte[] withKindAndIndex(byte[] m, byte kind, int index) {
        m[0] = kind;
        if (m.length >= 5) {
            atenet.wire.overlay.OverlayCodec.putInt(m, m.length == 5 ? 1 : HandshakeLayout.RESP_OFFSET_RECEIVER, index);
        }
        return m;
    }

    @Test
    void aNodeKeyCannotJoinAsAClient() {
        // even with an access key issued for it (an operator mistake): a node's key is never a client
        SimClient rogue = sim.addClient(n1, n2.identity.x25519Private());
        sim.ticks(5);
        assertFalse(rogue.joined());
        assertEquals(3, rogue.exitCode, "refused, authenticated: " + rogue.warnings);
        assertTrue(n1.drops("nodeKeyAsClient") >= 1);
        assertEquals(4, n1.status().getJsonArray("sessions").size() + n2.status().getJsonArray("sessions").size()
                + n3.status().getJsonArray("sessions").size(), "only the four real clients have ports");
        assertTrue(meshUp());
    }

    @Test
    void aRemovedNodeIsNobodysPeer() {
        everyoneBroadcastsOnce();
        sim.remove(n3);
        sim.settle();
        assertEquals(1, peers(n1).size());
        assertEquals(1, peers(n2).size());
        assertEquals(0, peers(n3).size(), "a removed node serves no network, so it has no peers");
        assertEquals(1, peerPorts(n1));
        sim.net.record(true);
        a1.sendFrame(Sim.frame(BROADCAST, a1.mac, 3));
        sim.ticks(20);
        sim.net.record(false);
        assertEquals(0, sim.net.seen().stream()
                .filter(d -> d.to().equals(n3.address()) && (d.from().equals(n1.address()) || d.from().equals(n2.address())))
                .count(), "the other nodes send the removed one nothing");
        assertEquals(1, b.received.size());
        assertEquals(0, c.received.size());
    }

    @Test
    void peerLinksRekeyEvery120SecondsWithoutLosingAFrame() {
        int sent = 0;
        for (int t = 0; t < 2600; t++) {                   // 260 s, 10 frames per second each way
            a1.sendFrame(Sim.frame(c.mac, a1.mac, t));
            c.sendFrame(Sim.frame(a1.mac, c.mac, t));
            sent++;
            sim.tick();
        }
        assertEquals(sent, c.received.size(), "frames n1 -> n3 lost across rekeys");
        assertEquals(sent, a1.received.size(), "frames n3 -> n1 lost across rekeys");
        JsonObject link = peerEntry(n1, n3);
        assertTrue(link.getLong("rekeys") >= 2, "two rekeys in 260 s: " + link.encode());
        assertEquals(0, link.getLong("deaths"));
        for (SimNode n : sim.nodes) {
            assertEquals(0, n.drops("badAuth"));
            assertEquals(0, n.drops("unknownSession"));
            assertEquals(0, n.drops("internalError"));
        }
    }

    /** Decision 22 for peers: a node whose chain stopped verifying keeps its live links (they rekey) but links with no one new. */
    @Test
    void aRefusingNodeKeepsItsLiveLinksButAdmitsNoNewPeer() {
        SimNode refusing = byNodeId(1);                    // dials one peer, answers the other
        sim.refuse(refusing, "the chain no longer verifies");
        sim.ticks(1300);                                   // 130 s: past a rekey
        assertTrue(meshUp(), "live links go on");
        for (Object o : peers(refusing)) {
            JsonObject p = (JsonObject) o;
            assertEquals(0, p.getLong("deaths"), p.encode());
            assertTrue(p.getLong("rekeys") >= 1, "rekeyed while refusing: " + p.encode());
        }
        SimNode other = byNodeId(0);                       // dials both: after a restart it needs new handshakes
        other.kill();
        sim.ticks(60);
        assertEquals("dead", stateOf(refusing, other));
        other.restart();                                   // its link with the refusing node is no longer live
        sim.publish();
        long refusedBefore = refusing.drops("nodeRefusing");
        sim.ticks(100);
        assertEquals("up", stateOf(other, byNodeId(2)), "the restarted node links up with the serving node");
        assertNotEquals("up", stateOf(other, refusing), "but not with the refusing one");
        assertTrue(refusing.drops("nodeRefusing") > refusedBefore, "its PEER_INITs are refused, counted");
    }

    /** A node under a handshake flood wants cookies (mac2): a peer's PEER_INIT gets one and the link still comes up. */
    @Test
    void underLoadAPeerLinksUpWithACookie() {
        SimNode answerer = byNodeId(2);
        answerer.kill();
        answerer.restart();
        sim.publish();
        InitiatorHandshake junk = new InitiatorHandshake(X25519Keys.generatePrivate(RANDOM),
                answerer.identity.x25519Public(), sim.chainId, sim.networkId, 1, Tai64n.of(sim.clock.millis(), 0), RANDOM);
        byte[] init = new byte[HandshakeLayout.INIT_LEN];
        junk.writeInit(init, null);                        // mac1 is right: it costs the node its handshake budget
        InetSocketAddress spoofed = Sim.address("203.0.113.9", 999);
        boolean up = false;
        for (int t = 0; t < 50 && !up; t++) {              // Sim.tick, with the flood first in the node's inbox
            sim.clock.advanceMillis(100);
            for (int i = 0; i < (t == 0 ? 600 : 100); i++) {   // more than the 500/s the node spends without cookies
                sim.net.inject(new SimNet.Datagram(spoofed, answerer.address(), init));
            }
            sim.clients.forEach(x -> x.engine().tick());
            sim.settle();
            sim.nodes.forEach(SimNode::step);
            sim.settle();
            up = meshUp();
        }
        assertTrue(up, "the peers linked up under load: " + peers(answerer).encode());
        assertTrue(answerer.drops("cookieSent") > 0, "the node was under load and answered with cookies");
    }

    @Test
    void aRestartedAnswererIsRelinkedAtOnceThroughTheHint() {
        SimNode answerer = byNodeId(2);
        answerer.kill();
        answerer.restart();                                // before anyone noticed: links still up on the others
        sim.publish();
        assertTrue(ticksUntil(20, this::meshUp), "re-linked within 2 s, long before the dead timer");
        for (SimNode n : sim.nodes) {
            if (n != answerer) {
                assertEquals(0, peerEntry(n, answerer).getLong("deaths"));
            }
        }
    }
}
