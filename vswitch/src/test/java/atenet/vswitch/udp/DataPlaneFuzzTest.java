package atenet.vswitch.udp;

import atenet.wire.crypto.KeyId;
import atenet.wire.crypto.X25519Keys;
import atenet.wire.overlay.OverlayCodec;
import atenet.wire.overlay.OverlayHeader;
import atenet.wire.overlay.PacketType;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Layer: fuzz (docs/testing.md "Fuzzing") over one real data plane on loopback UDP, as in
 * {@link UdpDataPlaneTest}. Client A (joined; B is joined too, so frames have somewhere to go)
 * sends one datagram per input, chosen by the first byte:
 * <ul>
 *   <li>raw bytes (HELLO path, malformed lengths),</li>
 *   <li>A's own clear-text header with any counter and any sealed part (replay and AEAD checks),</li>
 *   <li>a correctly sealed packet of any type except BYE with any payload (frames into the switch).</li>
 * </ul>
 * Then A sends a KEEPALIVE and waits for its ACK: datagrams from one socket are handled in order,
 * so the ACK proves that the data-plane thread handled the fuzzed datagram and is still alive (an
 * exception on that thread would end it, and the ACK would never come).
 */
class DataPlaneFuzzTest {
    private static Fixture fixture;

    /** One plane and two joined clients for the whole run (fuzzing runs millions of inputs). */
    private static final class Fixture {
        final UdpDataPlane plane;
        final TestClient a;
        final TestClient b;

        Fixture() throws Exception {
            SecureRandom random = new SecureRandom();
            byte[] nodePriv = X25519Keys.generatePrivate(random);
            byte[] nodePub = X25519Keys.publicOf(nodePriv);
            byte[] networkId = new byte[16];
            random.nextBytes(networkId);
            plane = new UdpDataPlane(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), KeyId.of(nodePub),
                    SwitchOptions.DEFAULTS);
            plane.start();
            a = new TestClient(networkId, nodePub, plane.localAddress());
            b = new TestClient(networkId, nodePub, plane.localAddress());
            NetworkInfo net = new NetworkInfo(networkId, OverlayCodec.getLong(networkId, 0),
                    OverlayCodec.getLong(networkId, 8), "default", "10.250.0.0/24", 1400);
            plane.apply(new Admission(List.of(net), Map.of(a.keyId, a.admitted(false), b.keyId, b.admitted(false)), 1));
            plane.status().get(5, TimeUnit.SECONDS);
            a.join();
            b.join();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void datagram(FuzzedDataProvider data) throws Exception {
        if (fixture == null) {
            fixture = new Fixture();
        }
        TestClient a = fixture.a;
        switch (data.consumeInt(0, 2)) {
            case 0 -> {
                byte[] p = data.consumeRemainingAsBytes();
                a.send(p, p.length);
            }
            case 1 -> {
                byte[] p = new byte[OverlayHeader.MAX_PACKET_LEN + 64];
                long counter = data.consumeLong();
                byte[] rest = data.consumeBytes(p.length - OverlayHeader.HEADER_LEN);
                OverlayCodec.writeHeader(p, OverlayCodec.getLong(a.networkId, 0), OverlayCodec.getLong(a.networkId, 8),
                        a.keyId, a.clientSession, counter);
                System.arraycopy(rest, 0, p, OverlayHeader.HEADER_LEN, rest.length);
                a.send(p, OverlayHeader.HEADER_LEN + rest.length);
            }
            default -> {
                byte type = data.consumeByte();
                byte[] payload = data.consumeRemainingAsBytes();
                if (type != PacketType.BYE && payload.length <= OverlayHeader.MAX_PAYLOAD_LEN) {
                    a.sendSealed(type, payload);
                }
            }
        }
        awaitAlive(a);
    }

    /** KEEPALIVE → KEEPALIVE_ACK, skipping whatever else A receives first (REJECTs, flooded frames). */
    private static void awaitAlive(TestClient a) throws IOException {
        a.sendSealed(PacketType.KEEPALIVE, new byte[0]);
        while (true) {
            int n = a.receive();
            if (n < 0) {
                throw new AssertionError("the data plane stopped answering after the fuzzed datagram");
            }
            if (OverlayCodec.isReject(a.buf, n)) {
                continue;
            }
            if (a.cipher.open(a.buf, n, a.keys.nodeToClient) >= 1
                    && a.buf[OverlayHeader.OFFSET_TYPE] == PacketType.KEEPALIVE_ACK) {
                return;
            }
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (fixture != null) {
            fixture.a.close();
            fixture.b.close();
            fixture.plane.close();
            fixture = null;
        }
    }
}
