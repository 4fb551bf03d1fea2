package atenet.vswitch.udp;

import atenet.wire.frame.KeyMac;
import atenet.wire.frame.MacAddress;
import atenet.wire.overlay.MessageKind;
import atenet.wire.overlay.NodeList;
import atenet.wire.overlay.OverlayCodec;
import atenet.wire.overlay.OverlayHeader;
import atenet.wire.overlay.PacketType;
import atenet.wire.overlay.RejectReason;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;

import static atenet.vswitch.udp.TestNode.frame;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Layer: one real data plane on loopback UDP, driven by {@link TestClient}s that speak the wire
 * protocol (Noise IK handshake, sealed transport). Proves handshake, forwarding between sessions, drops by
 * reason, authenticated refusals and revocation — the node's logic without TAP devices (those are in
 * integration-tests).
 */
class UdpDataPlaneTest {
    private TestNode node;

    @BeforeEach
    void start() throws Exception {
        node = new TestNode();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void twoClientsJoinAndExchangeFrames() throws Exception {
        try (TestClient a = node.client(); TestClient b = node.client()) {
            node.admit(a, b);
            a.join();
            b.join();
            assertEquals(1400, a.lastResponse.advisedMtu(), "the RESPONSE advises the network's MTU");
            assertArrayEquals(new byte[]{0}, a.lastNodes, "NODES: this network's (empty) node list");
            long macA = a.mac();                                     // the only source MACs the ports accept
            long macB = b.mac();
            // broadcast from A floods to B
            byte[] bcast = frame(MacAddress.BROADCAST, macA, 28);
            a.sendFrame(bcast);
            assertEquals(PacketType.FRAME, b.receiveType());
            assertArrayEquals(bcast, b.payload());
            // unicast back from B reaches A (A's MAC was learned)
            byte[] uni = frame(macA, macB, 1400);
            b.sendFrame(uni);
            assertEquals(PacketType.FRAME, a.receiveType());
            assertArrayEquals(uni, a.payload());
            JsonObject s = node.status();
            assertEquals(2, s.getJsonArray("sessions").size());
            assertEquals("up", TestNode.sessionOf(s, a).getString("state"));
            assertEquals(2, s.getJsonArray("networks").getJsonObject(0).getJsonArray("macs").size());
        }
    }

    @Test
    void replayedPacketsAreCountedDrops() throws Exception {
        try (TestClient a = node.client(); TestClient b = node.client()) {
            node.admit(a, b);
            a.join();
            b.join();
            a.sendFrame(frame(MacAddress.BROADCAST, a.mac(), 50));
            assertEquals(PacketType.FRAME, b.receiveType());
            byte[] captured = a.lastSent;
            for (int i = 0; i < 5; i++) {
                a.send(captured, captured.length);
            }
            b.setTimeout(300);
            assertEquals(-1, b.receive(), "a replayed frame must not be forwarded");
            assertEquals(5, node.awaitDrops("replay", 5));
        }
    }

    @Test
    void unknownNetworkAndUnknownKeyAreRefusedWithAnAuthenticatedReason() throws Exception {
        try (TestClient known = node.client();
             TestClient stranger = node.client();
             TestClient otherNet = node.client(new byte[16])) {
            node.admit(known);
            assertNotNull(stranger.handshake(), "a refusal is answered");
            assertEquals(RejectReason.UNKNOWN_KEY, stranger.lastRefusal());
            assertEquals(0, stranger.lastResponse.remoteIndex(), "a refusal names no session");
            assertNull(stranger.lastResponse.keys());
            assertEquals(stranger.hs.senderIndex(), OverlayCodec.getInt(stranger.buf, 5), "addressed to the attempt");
            assertEquals(0, OverlayCodec.getInt(stranger.buf, 1), "sender index 0");
            assertNotNull(otherNet.handshake());
            assertEquals(RejectReason.UNKNOWN_NETWORK, otherNet.lastRefusal());
            assertEquals(1, node.drops("unknownKey"));
            assertEquals(1, node.drops("unknownNetwork"));
            assertEquals(0, node.status().getJsonArray("sessions").size(), "refusals make no state");
        }
    }

    @Test
    void aKeyOfAnotherNetworkIsRefusedAsUnknown() throws Exception {
        try (TestClient a = node.client(); TestClient b = node.client()) {
            AdmittedKey elsewhere = new AdmittedKey(b.keyId, 1, 2, b.pub, 0, false);
            node.admit(a.admitted(false), elsewhere);
            assertNotNull(b.handshake());
            assertEquals(RejectReason.UNKNOWN_KEY, b.lastRefusal());
        }
    }

    @Test
    void malformedAndForgedPacketsAreCountedNotFatal() throws Exception {
        try (TestClient a = node.client()) {
            node.admit(a);
            a.join();
            a.ch.write(ByteBuffer.wrap(new byte[]{MessageKind.TRANSPORT, 0, 0, 0, 0, 0, 0, 0, 0, 0}));  // too short
            byte[] tooLong = new byte[OverlayHeader.MAX_PACKET_LEN + 1];
            tooLong[0] = MessageKind.TRANSPORT;
            a.ch.write(ByteBuffer.wrap(tooLong));
            a.ch.write(ByteBuffer.wrap(new byte[10]));                   // not an atenet message at all
            byte[] forged = a.lastSent.clone();
            OverlayCodec.putLong(forged, OverlayHeader.OFFSET_COUNTER, 1_000_000);   // fresh counter, bad tag
            a.send(forged, forged.length);
            byte[] badInit = a.lastSent.clone();
            badInit[0] = MessageKind.INIT;                               // wrong shape for an INIT
            a.sendRaw(badInit);
            a.sendSealed(PacketType.FRAME, new byte[5]);                 // authentic, but no Ethernet frame
            a.sendSealed((byte) 0x7f, new byte[3]);                      // authentic, a type the node does not take
            a.sendSealed(PacketType.NODES, new byte[]{0});               // a type only the node sends
            byte[] response = a.lastSent.clone();
            response[0] = MessageKind.RESPONSE;                          // a kind only the node sends
            a.sendRaw(response);
            // the data plane takes datagrams and commands in its own order: wait for the counts
            assertEquals(4, node.awaitDrops("malformed", 4));
            assertEquals(2, node.awaitDrops("badType", 2));
            assertEquals(1, node.awaitDrops("badKind", 1));
            assertEquals(1, node.awaitDrops("badAuth", 1));
            assertEquals(1, node.awaitDrops("badMac", 1));
            a.keepalive();
            assertEquals(PacketType.KEEPALIVE_ACK, a.receiveType(), "the session survives bad input");
            assertEquals(0, node.drops("internalError"));
        }
    }

    @Test
    void revocationEndsTheLiveSessionAndRefusesTheNextHandshake() throws Exception {
        try (TestClient a = node.client(); TestClient b = node.client()) {
            node.admit(a, b);
            a.join();
            node.admit(true, a, b);
            assertEquals(PacketType.BYE, a.receiveType(), "an authenticated BYE");
            assertEquals(RejectReason.REVOKED.code, a.payload()[0]);
            assertEquals(0, node.status().getJsonArray("sessions").size());
            assertNotNull(a.handshake());
            assertEquals(RejectReason.REVOKED, a.lastRefusal());
            assertEquals(1, node.drops("revokedKey"));
            // the old session's keys are gone: a packet under them names an unknown session
            a.keepalive();
            assertEquals(1, node.awaitDrops("unknownSession", 1));
        }
    }

    @Test
    void packetOfAnUnknownSessionGetsTheUnknownSessionHint() throws Exception {
        try (TestClient a = node.client()) {
            node.admit(a);
            a.join();
            int forgotten = a.remoteIndex + 1;                         // as if the node had forgotten us
            byte[] p = a.sealWith(a.keys, forgotten, 99, PacketType.KEEPALIVE, new byte[0]);
            a.send(p, p.length);
            int n = a.receive();
            assertEquals(5, n, "a 5-byte clear hint");
            assertEquals(MessageKind.UNKNOWN_SESSION, a.buf[0]);
            assertEquals(forgotten, OverlayCodec.getInt(a.buf, 1), "it echoes the index");
            assertEquals(1, node.drops("unknownSession"));
        }
    }

    @Test
    void byeFromTheClientEndsItsPort() throws Exception {
        try (TestClient a = node.client()) {
            node.admit(a);
            a.join();
            a.bye(RejectReason.CLIENT_SHUTDOWN);
            long deadline = System.nanoTime() + 2 * TestNode.SECOND;
            while (node.status().getJsonArray("sessions").size() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            JsonObject s = node.status();
            assertEquals(0, s.getJsonArray("sessions").size());
            assertEquals(0, s.getJsonArray("networks").getJsonObject(0).getJsonArray("ports").size());
        }
    }
    @Test
    void aJoinedClientGetsItsNetworksNodeList() throws Exception {
        try (TestClient a = node.client()) {
            List<NodeList.Entry> nodes = List.of(
                    new NodeList.Entry(node.nodePub, "node-1", new InetSocketAddress("192.0.2.1", 7400)),
                    new NodeList.Entry(new byte[32], "node-2", new InetSocketAddress("2001:db8::2", 7401)));
            node.apply(new Admission(List.of(node.network(nodes)), TestNode.map(a.admitted(false)), 1));
            a.join();
            List<NodeList.Entry> got = NodeList.read(a.lastNodes, 0, a.lastNodes.length);
            assertNotNull(got);
            assertEquals(2, got.size());
            assertArrayEquals(node.nodePub, got.get(0).x25519Key());
            assertEquals("node-2", got.get(1).name());
            assertEquals(new InetSocketAddress("2001:db8::2", 7401), got.get(1).endpoint());
        }
    }

    @Test
    void theNodeFollowsAClientThatRoams() throws Exception {
        try (TestClient a = node.client(); TestClient b = node.client();
             DatagramChannel moved = DatagramChannel.open()) {
            node.admit(a, b);
            a.join();
            b.join();
            moved.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            moved.connect(node.addr);
            moved.socket().setSoTimeout(2000);
            byte[] ka = a.seal(PacketType.KEEPALIVE, new byte[0]);
            moved.write(ByteBuffer.wrap(ka));                         // the same session from a new address
            DatagramPacket dp = new DatagramPacket(a.buf, a.buf.length);
            moved.socket().receive(dp);
            assertEquals(PacketType.KEEPALIVE_ACK, a.open(dp.getLength()), "the answer goes to the new address");
            JsonObject s = TestNode.sessionOf(node.status(), a);
            assertEquals(1, s.getLong("roams"));
            // frames for A follow it too
            b.sendFrame(frame(MacAddress.BROADCAST, b.mac(), 40));
            moved.socket().receive(dp);
            assertEquals(PacketType.FRAME, a.open(dp.getLength()));
        }
    }

    @Test
    void aRestartedClientTakesOverItsPortFromANewAddress() throws Exception {
        try (TestClient a = node.client(); TestClient b = node.client()) {
            node.admit(a, b);
            a.join();
            b.join();
            long macA = a.mac();
            a.sendFrame(frame(MacAddress.BROADCAST, macA, 40));
            assertEquals(PacketType.FRAME, b.receiveType());
            try (TestClient a2 = a.restarted()) {
                a2.join();                                              // same key, new socket, no BYE before
                JsonObject s = node.status();
                assertEquals(2, s.getJsonArray("sessions").size(), "one port per key");
                JsonObject sa = TestNode.sessionOf(s, a2);
                assertEquals(1, sa.getLong("rekeys"));
                assertEquals(1, sa.getLong("roams"));
                byte[] toA = frame(macA, b.mac(), 60);
                b.sendFrame(toA);
                assertArrayEquals(toA, a2.receiveFrame(), "frames for A's MAC reach the new process");
                a.setTimeout(300);
                assertEquals(-1, a.receive(), "and not the old socket");
            }
        }
    }

    @Test
    void closingTheNodeSaysByeToEveryClient() throws Exception {
        try (TestClient a = node.client(); TestClient b = node.client()) {
            node.admit(a, b);
            a.join();
            b.join();
            node.close();
            assertEquals(PacketType.BYE, a.receiveType());
            assertEquals(RejectReason.NODE_SHUTDOWN.code, a.payload()[0]);
            assertEquals(PacketType.BYE, b.receiveType());
            assertEquals(RejectReason.NODE_SHUTDOWN.code, b.payload()[0]);
        }
    }

    /**
     * A network's switch with room for two ports: the third client must be told that it cannot join
     * (a refusal or an authenticated BYE with TOO_MANY_SESSIONS), not accepted and then silently dropped.
     */
    @Test
    void aFullSwitchTellsTheClientInsteadOfDroppingItSilently() throws Exception {
        node.close();
        node = new TestNode(new SwitchOptions(2, 16, 300, 1000, 2000), true, System::nanoTime, System::currentTimeMillis);
        try (TestClient a = node.client(); TestClient b = node.client(); TestClient c = node.client()) {
            node.admit(a, b, c);
            a.join();
            b.join();
            assertNotNull(c.handshake());
            boolean told;
            if (c.lastResponse.accepted()) {
                c.keepalive();
                byte t = c.receiveType();
                told = t == PacketType.BYE && c.payload()[0] == RejectReason.TOO_MANY_SESSIONS.code;
            } else {
                told = c.lastRefusal() == RejectReason.TOO_MANY_SESSIONS;
            }
            assertEquals(1, node.awaitDrops("sessionLimit", 1));
            assertTrue(told, "the third client got an accepting RESPONSE, then its KEEPALIVE was dropped with no word");
        }
    }

    // ------------------------------------------------------------------ a node that may not serve

    /**
     * The chain stopped verifying (docs/decisions.md 22): the snapshot keeps its keys but carries a refusal. Live
     * sessions keep going; a new handshake gets an authenticated NOT_SERVING (not final: the client tries another
     * node), counted as nodeRefusing; once the chain verifies again the node admits as before.
     */
    @Test
    void aRefusingNodeKeepsLiveSessionsButAdmitsNoNewOne() throws Exception {
        try (TestClient live = node.client(); TestClient late = node.client()) {
            Admission serving = new Admission(List.of(node.network()),
                    TestNode.map(live.admitted(false), late.admitted(false)), 3);
            node.apply(serving);
            live.join();
            node.apply(serving.refusing("the chain no longer verifies: chain entry 4: bad signature"));
            assertEquals("the chain no longer verifies: chain entry 4: bad signature", node.status().getString("refusal"));
            assertNotNull(late.handshake(), "a refusal is answered");
            assertEquals(RejectReason.NOT_SERVING, late.lastRefusal(), "an authenticated refusal");
            assertEquals(0, late.lastResponse.remoteIndex(), "a refusal names no session");
            assertEquals(1, node.drops("nodeRefusing"));
            live.keepalive();
            assertEquals(PacketType.KEEPALIVE_ACK, live.receiveType(), "a session admitted before keeps going");
            JsonObject s = node.status();
            assertEquals(1, s.getJsonArray("sessions").size());
            assertEquals("up", TestNode.sessionOf(s, live).getString("state"));
            node.apply(serving);                                         // verifies again: serving again
            late.join();
            assertEquals(2, node.status().getJsonArray("sessions").size());
            assertNull(node.status().getString("refusal"));
        }
    }

    /**
     * A node removed from the chain: its snapshot has a refusal and no key, so every live session ends with an
     * authenticated BYE (NOT_SERVING: the client fails over) and no handshake is admitted.
     */
    @Test
    void aRemovedNodeEndsEverySession() throws Exception {
        try (TestClient a = node.client(); TestClient b = node.client(); TestClient c = node.client()) {
            node.apply(new Admission(List.of(node.network()), TestNode.map(a.admitted(false), b.admitted(false),
                    c.admitted(false)), 3));
            a.join();
            b.join();
            node.apply(new Admission(List.of(node.network()), java.util.Map.of(), 4, "this node was removed from the chain"));
            for (TestClient t : new TestClient[]{a, b}) {
                assertEquals(PacketType.BYE, t.receiveType(), "an authenticated BYE to every live session");
                assertEquals(RejectReason.NOT_SERVING.code, t.payload()[0]);
            }
            JsonObject s = node.status();
            assertEquals(0, s.getJsonArray("sessions").size());
            assertEquals(0, s.getJsonArray("networks").getJsonObject(0).getJsonArray("ports").size());
            assertEquals("this node was removed from the chain", s.getString("refusal"));
            assertNotNull(c.handshake());
            assertEquals(RejectReason.NOT_SERVING, c.lastRefusal(), "no new session either");
            assertEquals(1, node.drops("nodeRefusing"));
            assertEquals(0, node.status().getJsonArray("sessions").size());
        }
    }

    /**
     * Decision 22: while the chain no longer verifies, sessions admitted before "keep going". A session only goes
     * on through rekeys (the node drops a session's keys after {@link Timeouts#REJECT_AFTER_NANOS}), so the
     * rekey handshake of a key with a live port must be admitted like the session itself (stillAdmitted), not
     * refused as a new session.
     */
    @Test
    void aRefusingNodeLetsALiveSessionRekey() throws Exception {
        try (TestClient live = node.client()) {
            Admission serving = new Admission(List.of(node.network()), TestNode.map(live.admitted(false)), 3);
            node.apply(serving);
            live.join();
            node.apply(serving.refusing("the chain no longer verifies: chain entry 4: bad signature"));
            assertNotNull(live.handshake(), "the rekey is answered");
            assertEquals(RejectReason.NONE, live.lastRefusal(),
                    "a live session's rekey is refused, so the session dies within REJECT_AFTER (180 s)");
            live.confirm();
            assertEquals(1, TestNode.sessionOf(node.status(), live).getLong("rekeys"));
        }
    }

    // ------------------------------------------------------------------ bound source MAC

    /**
     * A client port may send only from the MAC derived from its access key (KeyMac): a frame with another source
     * MAC reaches nobody and counts macSpoof; a bridge key's port (a LAN behind it) may send from any MAC.
     */
    @Test
    void aClientPortIsBoundToItsKeysMacUnlessTheKeyIsABridge() throws Exception {
        try (TestClient a = node.client(); TestClient b = node.client(); TestClient lan = node.client()) {
            AdmittedKey bridge = new AdmittedKey(lan.keyId, OverlayCodec.getLong(node.networkId, 0),
                    OverlayCodec.getLong(node.networkId, 8), lan.pub, 0, false, true);
            node.admit(a.admitted(false), b.admitted(false), bridge);
            a.join();
            b.join();
            lan.join();
            long other = 0x02_00_00_00_0e_0eL;
            assertNotEquals(KeyMac.of(a.pub), other);
            a.sendFrame(frame(MacAddress.BROADCAST, other, 40));
            a.sendFrame(frame(b.mac(), other, 40, 1));                   // unicast to a known MAC: spoofed too
            long deadline = System.nanoTime() + 2 * TestNode.SECOND;
            while (macSpoof() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            assertEquals(2, macSpoof());
            b.setTimeout(300);
            lan.setTimeout(300);
            assertNull(b.receiveFrame(), "a spoofed frame reaches nobody");
            assertNull(lan.receiveFrame(), "a spoofed frame reaches nobody");
            // its own MAC goes through
            byte[] own = frame(MacAddress.BROADCAST, a.mac(), 40, 2);
            a.sendFrame(own);
            b.setTimeout(TestClient.TIMEOUT_MILLIS);
            assertArrayEquals(own, b.receiveFrame());
            // a bridge key sends from any MAC
            byte[] bridged = frame(MacAddress.BROADCAST, other, 40, 3);
            lan.sendFrame(bridged);
            assertArrayEquals(bridged, b.receiveFrame(), "a bridge port may send from a MAC of its LAN");
            assertEquals(2, macSpoof());
        }
    }

    /**
     * The chain takes a key's bridge flag away: its live port must be bound to the key's MAC from then on (as a
     * revocation cuts a live session as soon as it is seen), not only after the client reconnects; a rekey keeps
     * the port, so without that the port stays unbound as long as the client stays connected.
     */
    @Test
    void aKeyThatIsNoLongerABridgeIsBoundToItsMacAtOnce() throws Exception {
        try (TestClient lan = node.client(); TestClient b = node.client()) {
            long hi = OverlayCodec.getLong(node.networkId, 0);
            long lo = OverlayCodec.getLong(node.networkId, 8);
            node.admit(new AdmittedKey(lan.keyId, hi, lo, lan.pub, 0, false, true), b.admitted(false));
            lan.join();
            b.join();
            long other = 0x02_00_00_00_0e_0eL;
            byte[] bridged = frame(MacAddress.BROADCAST, other, 40, 1);
            lan.sendFrame(bridged);
            assertArrayEquals(bridged, b.receiveFrame(), "a bridge sends from any MAC");
            node.admit(new AdmittedKey(lan.keyId, hi, lo, lan.pub, 0, false, false), b.admitted(false));
            lan.join();                                                  // even after a rekey
            lan.sendFrame(frame(MacAddress.BROADCAST, other, 40, 2));
            long deadline = System.nanoTime() + 500_000_000L;
            while (macSpoof() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            b.setTimeout(300);
            byte[] got = b.receiveFrame();
            assertNull(got, "a key that is no longer a bridge still sends from any MAC");
            assertEquals(1, macSpoof());
        }
    }

    private long macSpoof() throws Exception {
        return node.status().getJsonArray("networks").getJsonObject(0).getJsonObject("counters").getLong("macSpoof");
    }
}
