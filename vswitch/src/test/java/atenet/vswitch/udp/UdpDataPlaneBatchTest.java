package atenet.vswitch.udp;

import atenet.wire.crypto.KeyId;
import atenet.wire.crypto.SessionKeys;
import atenet.wire.crypto.X25519Keys;
import atenet.wire.frame.MacAddress;
import atenet.wire.overlay.OverlayCodec;
import atenet.wire.overlay.OverlayHeader;
import atenet.wire.overlay.PacketType;
import atenet.wire.udp.UdpBatchSender;
import atenet.wire.udp.UdpGso;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The data plane with UDP GSO/GRO (batching) on and off: a client sends a GSO batch of frames, the node
 * receives it coalesced (UDP_GRO), forwards every frame and sends the run to the other client as one GSO send;
 * replay checks still hold per datagram; with the offload off the same traffic goes one datagram at a time.
 */
class UdpDataPlaneBatchTest {
    private static final int FRAMES = 30;
    private final SecureRandom random = new SecureRandom();
    private final byte[] nodePriv = X25519Keys.generatePrivate(random);
    private final byte[] nodePub = X25519Keys.publicOf(nodePriv);
    private final byte[] networkId = new byte[16];
    private UdpDataPlane plane;

    @AfterEach
    void stop() {
        if (plane != null) {
            plane.close();
        }
    }

    private InetSocketAddress start(boolean offload) throws Exception {
        random.nextBytes(networkId);
        plane = new UdpDataPlane(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), KeyId.of(nodePub),
                SwitchOptions.DEFAULTS, offload);
        plane.start();
        return plane.localAddress();
    }

    private void admit(TestClient... clients) throws Exception {
        Map<Long, AdmittedKey> keys = new java.util.HashMap<>();
        for (TestClient c : clients) {
            keys.put(c.keyId, c.admitted(false));
        }
        plane.apply(new Admission(List.of(new NetworkInfo(networkId, OverlayCodec.getLong(networkId, 0),
                OverlayCodec.getLong(networkId, 8), "default", "10.250.0.0/24", 1400)), keys, 1));
        status();
    }

    private JsonObject status() throws Exception {
        return plane.status().get(5, TimeUnit.SECONDS);
    }

    private static byte[] frame(long dst, long src, int payload, int seed) {
        byte[] f = new byte[14 + payload];
        MacAddress.write(f, 0, dst);
        MacAddress.write(f, 6, src);
        f[12] = 0x08;
        for (int i = 14; i < f.length; i++) {
            f[i] = (byte) (i * 13 + seed);
        }
        return f;
    }

    /** Seals a FRAME as {@code c} would (its counter moves). */
    private static byte[] sealed(TestClient c, byte[] frame) {
        byte[] p = new byte[OverlayHeader.MAX_PACKET_LEN];
        OverlayCodec.writeHeader(p, OverlayCodec.getLong(c.networkId, 0), OverlayCodec.getLong(c.networkId, 8), c.keyId,
                c.clientSession, ++c.counter);
        p[OverlayHeader.OFFSET_TYPE] = PacketType.FRAME;
        System.arraycopy(frame, 0, p, OverlayHeader.OFFSET_TYPE + 1, frame.length);
        int n = c.cipher.seal(p, 1 + frame.length, c.keys.clientToNode);
        return Arrays.copyOf(p, n);
    }

    /** A and B join; B speaks first so that the switch knows B's MAC. */
    private List<byte[]> exchange(TestClient a, TestClient b, boolean gsoBatch, List<byte[]> sentOut) throws Exception {
        admit(a, b);
        a.join();
        b.join();
        long macA = 0x02_00_00_00_00_0aL;
        long macB = 0x02_00_00_00_00_0bL;
        b.sendSealed(PacketType.FRAME, frame(MacAddress.BROADCAST, macB, 40, 0));
        assertEquals(PacketType.FRAME, a.receiveType());
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) {
            frames.add(frame(macB, macA, i == FRAMES - 1 ? 300 : 1300, i));
        }
        if (gsoBatch) {
            UdpBatchSender s = new UdpBatchSender(OverlayHeader.MAX_PACKET_LEN, (n, e) -> fail("send failed: errno " + e));
            assumeTrue(s.bind(UdpGso.fdOf(a.ch)), "kernel without UDP_SEGMENT");
            for (byte[] f : frames) {
                byte[] p = sealed(a, f);
                sentOut.add(p);
                s.add(p, 0, p.length, null);
            }
            s.flush();
            assertEquals(1, s.sendCalls(), "the client's batch is one sendmsg");
            s.close();
        } else {
            for (byte[] f : frames) {
                byte[] p = sealed(a, f);
                sentOut.add(p);
                a.send(p, p.length);
            }
        }
        for (int i = 0; i < FRAMES; i++) {
            assertEquals(PacketType.FRAME, b.receiveType(), "frame " + i);
            assertArrayEquals(frames.get(i), Arrays.copyOfRange(b.buf, 41, 41 + b.lastPlain - 1), "frame " + i);
        }
        return frames;
    }

    @Test
    void gsoBatchIsReceivedCoalescedForwardedAndSentAsRuns() throws Exception {
        assumeTrue(UdpGso.available(), "no JNA/Linux");
        InetSocketAddress node = start(true);
        try (TestClient a = new TestClient(networkId, nodePub, node);
             TestClient b = new TestClient(networkId, nodePub, node)) {
            List<byte[]> sent = new ArrayList<>();
            exchange(a, b, true, sent);
            JsonObject off = status().getJsonObject("udpOffload");
            assumeTrue(off.getBoolean("gro") && off.getBoolean("gso"), "kernel without UDP GSO/GRO: " + off);
            assertTrue(off.getLong("coalescedReceives") >= 1, off.encode());
            assertTrue(off.getLong("gsoSends") >= 1, "the 30 frames to B leave in GSO runs: " + off.encode());
            assertTrue(off.getLong("sendCalls") < off.getLong("datagramsSent"), off.encode());
            // the same batch again: every datagram is a counted replay, nothing reaches B
            UdpBatchSender s = new UdpBatchSender(OverlayHeader.MAX_PACKET_LEN, (n, e) -> fail("errno " + e));
            s.bind(UdpGso.fdOf(a.ch));
            for (byte[] p : sent) {
                s.add(p, 0, p.length, null);
            }
            s.flush();
            s.close();
            assertEquals(-1, b.receive(), "a replayed batch must not be forwarded");
            assertEquals(FRAMES, status().getJsonObject("drops").getLong("replay"));
            // a corrupted datagram inside a batch is dropped alone
            List<byte[]> again = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                again.add(sealed(a, frame(0x02_00_00_00_00_0bL, 0x02_00_00_00_00_0aL, 1300, 100 + i)));
            }
            again.get(2)[60] ^= 1;
            s = new UdpBatchSender(OverlayHeader.MAX_PACKET_LEN, (n, e) -> fail("errno " + e));
            s.bind(UdpGso.fdOf(a.ch));
            for (byte[] p : again) {
                s.add(p, 0, p.length, null);
            }
            s.flush();
            s.close();
            for (int i = 0; i < 4; i++) {
                assertEquals(PacketType.FRAME, b.receiveType());
            }
            assertEquals(1, status().getJsonObject("drops").getLong("badAuth"));
        }
    }

    @Test
    void offloadOffSendsOneDatagramPerCall() throws Exception {
        InetSocketAddress node = start(false);
        try (TestClient a = new TestClient(networkId, nodePub, node);
             TestClient b = new TestClient(networkId, nodePub, node)) {
            exchange(a, b, false, new ArrayList<>());
            JsonObject off = status().getJsonObject("udpOffload");
            assertFalse(off.getBoolean("gso"));
            assertFalse(off.getBoolean("gro"));
            assertNull(off.getLong("sendCalls"));
        }
    }

    @Test
    void plainClientsThroughTheOffloadedNode() throws Exception {
        InetSocketAddress node = start(true);
        try (TestClient a = new TestClient(networkId, nodePub, node);
             TestClient b = new TestClient(networkId, nodePub, node)) {
            exchange(a, b, false, new ArrayList<>());
            assertEquals(0, status().getJsonObject("drops").getLong("txFull"));
        }
    }

    @Test
    void envSwitch() {
        assertTrue(NodeSocket.offloadFromEnv(null));
        assertTrue(NodeSocket.offloadFromEnv("1"));
        assertFalse(NodeSocket.offloadFromEnv("0"));
        assertFalse(NodeSocket.offloadFromEnv(" off "));
        assertFalse(NodeSocket.offloadFromEnv("false"));
    }
}
