package atenet.vswitch.udp;

import atenet.wire.crypto.KeyId;
import atenet.wire.crypto.X25519Keys;
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
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Layer: one real data plane on loopback UDP with fake clocks (monotonic and wall), so that the node's
 * timers — session idle 60 s, half-open 10 s, access-key expiry — are proven without waiting for them.
 */
class UdpDataPlaneTimersTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private final AtomicLong nanos = new AtomicLong(1_000 * SECOND);
    private final AtomicLong wall = new AtomicLong(1_800_000_000_000L);
    private byte[] nodePub;
    private byte[] networkId;
    private UdpDataPlane plane;
    private InetSocketAddress nodeAddr;

    @BeforeEach
    void start() throws Exception {
        SecureRandom random = new SecureRandom();
        nodePub = X25519Keys.publicOf(X25519Keys.generatePrivate(random));
        networkId = new byte[16];
        random.nextBytes(networkId);
        plane = new UdpDataPlane(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), KeyId.of(nodePub),
                SwitchOptions.DEFAULTS, true, nanos::get, wall::get);
        nodeAddr = plane.localAddress();
        plane.start();
    }

    @AfterEach
    void stop() {
        plane.close();
    }

    private void admit(AdmittedKey... keys) throws Exception {
        Map<Long, AdmittedKey> m = new java.util.HashMap<>();
        for (AdmittedKey k : keys) {
            m.put(k.keyId(), k);
        }
        plane.apply(new Admission(List.of(new NetworkInfo(networkId, OverlayCodec.getLong(networkId, 0),
                OverlayCodec.getLong(networkId, 8), "default", "10.250.0.0/24", 1400)), m, 1));
        status();
    }

    private JsonObject status() throws Exception {
        return plane.status().get(5, TimeUnit.SECONDS);
    }

    /** Moves the monotonic clock and has the data plane run its sweep (the loop runs it every second). */
    private JsonObject advance(long seconds) throws Exception {
        nanos.addAndGet(seconds * SECOND);
        return plane.sweepAndStatus().get(5, TimeUnit.SECONDS);
    }

    private static int sessions(JsonObject status) {
        return status.getJsonArray("sessions").size();
    }

    @Test
    void aSessionEndsSixtySecondsAfterItsLastPacket() throws Exception {
        try (TestClient a = new TestClient(networkId, nodePub, nodeAddr)) {
            admit(a.admitted(false));
            a.join();
            assertEquals(1, sessions(advance(30)));
            a.sendSealed(PacketType.KEEPALIVE, new byte[0]);              // a packet restarts the 60 s
            assertEquals(PacketType.KEEPALIVE_ACK, a.receiveType());
            assertEquals(1, sessions(advance(59)), "59 s after the last packet the session is still there");
            JsonObject after = advance(2);
            assertEquals(0, sessions(after), "61 s after the last packet the session is gone: " + after.getJsonArray("sessions"));
            a.sendSealed(PacketType.KEEPALIVE, new byte[0]);
            int n = a.receive();
            assertTrue(OverlayCodec.isReject(a.buf, n));
            assertEquals(RejectReason.UNKNOWN_SESSION, OverlayCodec.rejectReason(a.buf), "the client is told to join again");
        }
    }

    @Test
    void anUnconfirmedHandshakeIsForgottenAfterTenSeconds() throws Exception {
        try (TestClient a = new TestClient(networkId, nodePub, nodeAddr)) {
            admit(a.admitted(false));
            a.sendHello();
            assertTrue(a.receive() > 0, "HELLO_ACK");
            JsonObject s = status();
            assertEquals("handshake", s.getJsonArray("sessions").getJsonObject(0).getString("state"));
            assertEquals(0, s.getJsonArray("networks").getJsonObject(0).getJsonArray("ports").size(),
                    "a half-open session is no switch port");
            assertEquals(1, sessions(advance(9)));
            assertEquals(0, sessions(advance(2)));
        }
    }

    @Test
    void anExpiringKeyCutsItsSessionAndIsRefusedAfterwards() throws Exception {
        try (TestClient a = new TestClient(networkId, nodePub, nodeAddr)) {
            admit(a.admitted(false, wall.get() + 10_000));
            a.join();
            wall.addAndGet(11_000);
            advance(1);
            assertEquals(PacketType.BYE, a.receiveType(), "the node says BYE when the key expires");
            assertEquals(RejectReason.EXPIRED.code, a.buf[OverlayHeader.OFFSET_TYPE + 1]);
            assertEquals(0, sessions(status()));
            a.clientSession += 2;
            a.sendHello();
            int n = a.receive();
            assertTrue(OverlayCodec.isReject(a.buf, n));
            assertEquals(RejectReason.EXPIRED, OverlayCodec.rejectReason(a.buf));
            assertEquals(1, status().getJsonObject("drops").getLong("expiredKey"));
        }
    }

    @Test
    void helloAttemptsAreRateLimitedBeforeAnyCrypto() throws Exception {
        try (TestClient a = new TestClient(networkId, nodePub, nodeAddr)) {
            admit(a.admitted(false));
            byte[] p = new byte[120];
            int sent = 3000;
            for (int i = 0; i < sent; i++) {             // "packets of a forgotten session": known network and key
                OverlayCodec.writeHeader(p, OverlayCodec.getLong(networkId, 0), OverlayCodec.getLong(networkId, 8),
                        a.keyId, 1000 + i, 1);
                a.send(p, p.length);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            JsonObject drops;
            do {
                drops = status().getJsonObject("drops");
            } while (drops.getLong("unknownSession") + drops.getLong("helloRateLimited") < sent
                    && System.nanoTime() < deadline);
            // The clock stands still: the bucket holds exactly one second's worth.
            assertEquals(Timeouts.HELLOS_PER_SECOND, drops.getLong("unknownSession"), drops.encode());
            assertEquals(sent - Timeouts.HELLOS_PER_SECOND, drops.getLong("helloRateLimited"), drops.encode());
        }
    }
}
