package atenet.vswitch.udp;

import atenet.wire.frame.MacAddress;
import atenet.wire.overlay.OverlayHeader;
import atenet.wire.overlay.PacketType;
import atenet.wire.udp.UdpBatchSender;
import atenet.wire.udp.UdpGso;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The data plane with UDP GSO/GRO (batching) on and off: a client sends a GSO batch of frames, the node
 * receives it coalesced (UDP_GRO), forwards every frame and sends the run to the other client as one GSO send;
 * replay checks still hold per datagram; with the offload off the same traffic goes one datagram at a time.
 */
class UdpDataPlaneBatchTest {
    private static final int FRAMES = 30;
    private TestNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private InetSocketAddress start(boolean offload) throws Exception {
        node = new TestNode(offload);
        return node.addr;
    }

    private JsonObject status() throws Exception {
        return node.status();
    }

    private static byte[] frame(long dst, long src, int payload, int seed) {
        return TestNode.frame(dst, src, payload, seed);
    }

    /** Seals a FRAME as {@code c} would (its counter moves). */
    private static byte[] sealed(TestClient c, byte[] frame) {
        return c.seal(PacketType.FRAME, frame);
    }

    /** A and B join; B speaks first so that the switch knows B's MAC. */
    private List<byte[]> exchange(TestClient a, TestClient b, boolean gsoBatch, List<byte[]> sentOut) throws Exception {
        node.admit(a, b);
        a.join();
        b.join();
        long macA = a.mac();                                         // the only source MACs the ports accept
        long macB = b.mac();
        b.sendFrame(frame(MacAddress.BROADCAST, macB, 40, 0));
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
            assertArrayEquals(frames.get(i), b.payload(), "frame " + i);
        }
        return frames;
    }

    @Test
    void gsoBatchIsReceivedCoalescedForwardedAndSentAsRuns() throws Exception {
        assumeTrue(UdpGso.available(), "no JNA/Linux");
        start(true);
        try (TestClient a = node.client();
             TestClient b = node.client()) {
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
            b.setTimeout(500);
            assertEquals(-1, b.receive(), "a replayed batch must not be forwarded");
            assertEquals(FRAMES, node.awaitDrops("replay", FRAMES));
            // a corrupted datagram inside a batch is dropped alone
            List<byte[]> again = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                again.add(sealed(a, frame(b.mac(), a.mac(), 1300, 100 + i)));
            }
            again.get(2)[60] ^= 1;
            s = new UdpBatchSender(OverlayHeader.MAX_PACKET_LEN, (n, e) -> fail("errno " + e));
            s.bind(UdpGso.fdOf(a.ch));
            for (byte[] p : again) {
                s.add(p, 0, p.length, null);
            }
            s.flush();
            s.close();
            b.setTimeout(TestClient.TIMEOUT_MILLIS);
            for (int i = 0; i < 4; i++) {
                assertEquals(PacketType.FRAME, b.receiveType());
            }
            assertEquals(1, status().getJsonObject("drops").getLong("badAuth"));
        }
    }

    @Test
    void offloadOffSendsOneDatagramPerCall() throws Exception {
        start(false);
        try (TestClient a = node.client();
             TestClient b = node.client()) {
            exchange(a, b, false, new ArrayList<>());
            JsonObject off = status().getJsonObject("udpOffload");
            assertFalse(off.getBoolean("gso"));
            assertFalse(off.getBoolean("gro"));
            assertNull(off.getLong("sendCalls"));
        }
    }

    @Test
    void plainClientsThroughTheOffloadedNode() throws Exception {
        start(true);
        try (TestClient a = node.client();
             TestClient b = node.client()) {
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
