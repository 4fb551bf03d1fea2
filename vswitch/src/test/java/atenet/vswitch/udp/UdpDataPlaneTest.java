package atenet.vswitch.udp;

import atenet.wire.crypto.KeyId;
import atenet.wire.crypto.X25519Keys;
import atenet.wire.frame.MacAddress;
import atenet.wire.overlay.OverlayCodec;
import atenet.wire.overlay.OverlayHeader;
import atenet.wire.overlay.PacketType;
import atenet.wire.overlay.RejectReason;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Layer: one real data plane on loopback UDP, driven by {@link TestClient}s that speak the wire
 * protocol. Proves handshake, forwarding between sessions, drops by reason and revocation — the
 * node's logic without TAP devices (those are in integration-tests).
 */
class UdpDataPlaneTest {
    private final SecureRandom random = new SecureRandom();
    private byte[] nodePriv;
    private byte[] nodePub;
    private byte[] networkId;
    private UdpDataPlane plane;
    private InetSocketAddress nodeAddr;

    @BeforeEach
    void start() throws Exception {
        nodePriv = X25519Keys.generatePrivate(random);
        nodePub = X25519Keys.publicOf(nodePriv);
        networkId = new byte[16];
        random.nextBytes(networkId);
        plane = new UdpDataPlane(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), KeyId.of(nodePub),
                SwitchOptions.DEFAULTS);
        nodeAddr = plane.localAddress();
        plane.start();
    }

    @AfterEach
    void stop() {
        plane.close();
    }

    private NetworkInfo network() {
        return new NetworkInfo(networkId, OverlayCodec.getLong(networkId, 0), OverlayCodec.getLong(networkId, 8),
                "default", "10.250.0.0/24", 1400);
    }

    private void admit(TestClient... clients) throws Exception {
        admit(false, clients);
    }

    private void admit(boolean revokeFirst, TestClient... clients) throws Exception {
        Map<Long, AdmittedKey> keys = new java.util.HashMap<>();
        for (int i = 0; i < clients.length; i++) {
            keys.put(clients[i].keyId, clients[i].admitted(revokeFirst && i == 0));
        }
        plane.apply(new Admission(List.of(network()), keys, 1));
        status();                                      // waits until the command ran
    }

    private JsonObject status() throws Exception {
        return plane.status().get(5, TimeUnit.SECONDS);
    }

    private long drops(String reason) throws Exception {
        return status().getJsonObject("drops").getLong(reason);
    }

    /** Polls the drop counter until it reaches {@code expected} (at most 2 s); returns the last value. */
    private long awaitDrops(String reason, long expected) throws Exception {
        long deadline = System.nanoTime() + 2_000_000_000L;
        long v;
        while ((v = drops(reason)) < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return v;
    }

    private static byte[] frame(long dst, long src, int payload) {
        byte[] f = new byte[14 + payload];
        MacAddress.write(f, 0, dst);
        MacAddress.write(f, 6, src);
        f[12] = 0x08;
        for (int i = 14; i < f.length; i++) {
            f[i] = (byte) i;
        }
        return f;
    }

    @Test
    void twoClientsJoinAndExchangeFrames() throws Exception {
        try (TestClient a = new TestClient(networkId, nodePub, nodeAddr);
             TestClient b = new TestClient(networkId, nodePub, nodeAddr)) {
            admit(a, b);
            a.join();
            b.join();
            long macA = 0x02_00_00_00_00_0aL;
            long macB = 0x02_00_00_00_00_0bL;
            // broadcast from A floods to B
            byte[] bcast = frame(MacAddress.BROADCAST, macA, 28);
            a.sendSealed(PacketType.FRAME, bcast);
            assertEquals(PacketType.FRAME, b.receiveType());
            assertArrayEquals(bcast, java.util.Arrays.copyOfRange(b.buf, 41, 41 + b.lastPlain - 1));
            // unicast back from B reaches A (A's MAC was learned)
            byte[] uni = frame(macA, macB, 1400);
            b.sendSealed(PacketType.FRAME, uni);
            assertEquals(PacketType.FRAME, a.receiveType());
            assertArrayEquals(uni, java.util.Arrays.copyOfRange(a.buf, 41, 41 + a.lastPlain - 1));
            JsonObject s = status();
            assertEquals(2, s.getJsonArray("sessions").size());
            assertEquals(2, s.getJsonArray("networks").getJsonObject(0).getJsonArray("macs").size());
        }
    }

    @Test
    void replayedPacketsAreCountedDrops() throws Exception {
        try (TestClient a = new TestClient(networkId, nodePub, nodeAddr);
             TestClient b = new TestClient(networkId, nodePub, nodeAddr)) {
            admit(a, b);
            a.join();
            b.join();
            a.sendSealed(PacketType.FRAME, frame(MacAddress.BROADCAST, 0x020000000001L, 50));
            assertEquals(PacketType.FRAME, b.receiveType());
            byte[] captured = a.lastSent;
            for (int i = 0; i < 5; i++) {
                a.send(captured, captured.length);
            }
            assertEquals(0, b.receive() > 0 ? 1 : 0, "a replayed frame must not be forwarded");
            assertEquals(5, drops("replay"));
        }
    }

    @Test
    void unknownNetworkAndUnknownKeyAreRefusedWithReason() throws Exception {
        try (TestClient known = new TestClient(networkId, nodePub, nodeAddr);
             TestClient stranger = new TestClient(networkId, nodePub, nodeAddr);
             TestClient otherNet = new TestClient(new byte[16], nodePub, nodeAddr)) {
            admit(known);
            stranger.sendHello();
            int n = stranger.receive();
            assertTrue(OverlayCodec.isReject(stranger.buf, n));
            assertEquals(RejectReason.UNKNOWN_KEY, OverlayCodec.rejectReason(stranger.buf));
            assertEquals(stranger.clientSession, OverlayCodec.sessionId(stranger.buf));
            otherNet.sendHello();
            n = otherNet.receive();
            assertTrue(OverlayCodec.isReject(otherNet.buf, n));
            assertEquals(RejectReason.UNKNOWN_NETWORK, OverlayCodec.rejectReason(otherNet.buf));
            assertEquals(1, drops("unknownKey"));
            assertEquals(1, drops("unknownNetwork"));
        }
    }

    @Test
    void malformedAndForgedPacketsAreCountedNotFatal() throws Exception {
        try (TestClient a = new TestClient(networkId, nodePub, nodeAddr)) {
            admit(a);
            a.join();
            a.ch.write(ByteBuffer.wrap(new byte[10]));
            a.ch.write(ByteBuffer.wrap(new byte[OverlayHeader.MAX_PACKET_LEN + 1]));
            byte[] forged = a.lastSent.clone();
            OverlayCodec.putLong(forged, OverlayHeader.OFFSET_COUNTER, 1_000_000);   // fresh counter, bad tag
            a.send(forged, forged.length);
            // the data plane takes datagrams and commands in its own order: wait for the counts
            assertEquals(2, awaitDrops("malformed", 2));
            assertEquals(1, awaitDrops("badAuth", 1));
            a.sendSealed(PacketType.KEEPALIVE, new byte[0]);
            assertEquals(PacketType.KEEPALIVE_ACK, a.receiveType(), "the session survives bad input");
        }
    }

    @Test
    void revocationEndsTheLiveSessionAndRefusesTheNextHello() throws Exception {
        try (TestClient a = new TestClient(networkId, nodePub, nodeAddr);
             TestClient b = new TestClient(networkId, nodePub, nodeAddr)) {
            admit(a, b);
            a.join();
            admit(true, a, b);
            assertEquals(PacketType.BYE, a.receiveType());
            assertEquals(RejectReason.REVOKED.code, a.buf[OverlayHeader.OFFSET_TYPE + 1]);
            assertEquals(0, status().getJsonArray("sessions").size());
            a.clientSession++;
            a.sendHello();
            int n = a.receive();
            assertTrue(OverlayCodec.isReject(a.buf, n));
            assertEquals(RejectReason.REVOKED, OverlayCodec.rejectReason(a.buf));
        }
    }

    @Test
    void packetOfAnUnknownSessionAsksForANewHandshake() throws Exception {
        try (TestClient a = new TestClient(networkId, nodePub, nodeAddr)) {
            admit(a);
            a.join();
            a.clientSession += 2;                          // as if the node had forgotten us
            a.sendSealed(PacketType.KEEPALIVE, new byte[0]);
            int n = a.receive();
            assertTrue(OverlayCodec.isReject(a.buf, n));
            assertEquals(RejectReason.UNKNOWN_SESSION, OverlayCodec.rejectReason(a.buf));
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
