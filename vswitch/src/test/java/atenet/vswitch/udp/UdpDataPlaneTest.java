package atenet.vswitch.udp;

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
            long macA = 0x02_00_00_00_00_0aL;
            long macB = 0x02_00_00_00_00_0bL;
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
            a.sendFrame(frame(MacAddress.BROADCAST, 0x020000000001L, 50));
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
            b.sendFrame(frame(MacAddress.BROADCAST, 0x02_00_00_00_00_0bL, 40));
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
            long macA = 0x02_00_00_00_00_0aL;
            a.sendFrame(frame(MacAddress.BROADCAST, macA, 40));
            assertEquals(PacketType.FRAME, b.receiveType());
            try (TestClient a2 = a.restarted()) {
                a2.join();                                              // same key, new socket, no BYE before
                JsonObject s = node.status();
                assertEquals(2, s.getJsonArray("sessions").size(), "one port per key");
                JsonObject sa = TestNode.sessionOf(s, a2);
                assertEquals(1, sa.getLong("rekeys"));
                assertEquals(1, sa.getLong("roams"));
                byte[] toA = frame(macA, 0x02_00_00_00_00_0bL, 60);
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

    /** Swaps in {@code a} and waits until the data plane ran the command. */
    private void apply(Admission a) throws Exception {
        plane.apply(a);
        status();
    }

    @Test
    void aRefusingNodeKeepsLiveSessionsButAdmitsNoNewOne() throws Exception {
        try (TestClient live = new TestClient(networkId, nodePub, nodeAddr);
             TestClient late = new TestClient(networkId, nodePub, nodeAddr)) {
            Map<Long, AdmittedKey> keys = Map.of(live.keyId, live.admitted(false), late.keyId, late.admitted(false));
            apply(new Admission(List.of(network()), keys, 3));
            live.join();
            apply(new Admission(List.of(network()), keys, 3, "the chain no longer verifies: chain entry 4: bad signature"));
            late.sendHello();
            int n = late.receive();
            assertTrue(n > 0 && OverlayCodec.isReject(late.buf, n));
            assertEquals(RejectReason.NODE_SHUTDOWN, OverlayCodec.rejectReason(late.buf), "not final: the client may try another node");
            assertEquals(1, drops("nodeRefusing"));
            live.sendSealed(PacketType.KEEPALIVE, new byte[0]);
            assertEquals(PacketType.KEEPALIVE_ACK, live.receiveType(), "a session admitted before keeps going");
        }
    }

    @Test
    void aRemovedNodeEndsEverySession() throws Exception {
        try (TestClient a = new TestClient(networkId, nodePub, nodeAddr)) {
            apply(new Admission(List.of(network()), Map.of(a.keyId, a.admitted(false)), 3));
            a.join();
            apply(new Admission(List.of(network()), Map.of(), 4, "this node was removed from the chain"));
            assertEquals(PacketType.BYE, a.receiveType());
            assertEquals(RejectReason.NODE_SHUTDOWN.code, a.buf[OverlayHeader.OFFSET_TYPE + 1]);
            assertEquals(0, status().getJsonArray("sessions").size());
        }
    }
}
