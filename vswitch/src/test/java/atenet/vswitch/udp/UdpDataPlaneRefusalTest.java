package atenet.vswitch.udp;

import atenet.wire.crypto.KeyId;
import atenet.wire.crypto.X25519Keys;
import atenet.wire.overlay.OverlayCodec;
import atenet.wire.overlay.OverlayHeader;
import atenet.wire.overlay.PacketType;
import atenet.wire.overlay.RejectReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Layer: one real data plane on loopback UDP. An {@link Admission} with a refusal (the chain stopped verifying,
 * or this node was removed) admits no new session; a snapshot without keys (a removed node) ends the live ones.
 */
class UdpDataPlaneRefusalTest {
    private final SecureRandom random = new SecureRandom();
    private byte[] nodePub;
    private byte[] networkId;
    private UdpDataPlane plane;
    private InetSocketAddress nodeAddr;

    @BeforeEach
    void start() throws Exception {
        nodePub = X25519Keys.publicOf(X25519Keys.generatePrivate(random));
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

    private void apply(Admission a) throws Exception {
        plane.apply(a);
        plane.status().get(5, TimeUnit.SECONDS);          // waits until the command ran
    }

    private long drops(String reason) throws Exception {
        return plane.status().get(5, TimeUnit.SECONDS).getJsonObject("drops").getLong(reason);
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
            assertEquals(0, plane.status().get(5, TimeUnit.SECONDS).getJsonArray("sessions").size());
        }
    }
}
