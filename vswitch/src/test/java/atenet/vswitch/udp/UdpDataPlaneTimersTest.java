package atenet.vswitch.udp;

import atenet.wire.overlay.MessageKind;
import atenet.wire.overlay.OverlayCodec;
import atenet.wire.overlay.PacketType;
import atenet.wire.overlay.RejectReason;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static atenet.vswitch.udp.TestNode.SECOND;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Layer: one real data plane on loopback UDP with fake clocks (monotonic and wall), so that the node's
 * timers — session idle 60 s, half-open 10 s, access-key expiry — and its handshake budgets are proven
 * without waiting for them. The monotonic clock stands still unless a test moves it.
 */
class UdpDataPlaneTimersTest {
    private final AtomicLong nanos = new AtomicLong(1_000 * SECOND);
    private final AtomicLong wall = new AtomicLong(1_800_000_000_000L);
    private TestNode node;

    @BeforeEach
    void start() throws Exception {
        node = new TestNode(true, nanos::get, wall::get);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private JsonObject status() throws Exception {
        return node.status();
    }

    /** Moves the monotonic clock and has the data plane run its sweep (the loop runs it every second). */
    private JsonObject advance(long seconds) throws Exception {
        nanos.addAndGet(seconds * SECOND);
        return node.plane.sweepAndStatus().get(5, TimeUnit.SECONDS);
    }

    private static int sessions(JsonObject status) {
        return status.getJsonArray("sessions").size();
    }

    @Test
    void aSessionEndsSixtySecondsAfterItsLastPacket() throws Exception {
        try (TestClient a = node.client()) {
            node.admit(a.admitted(false));
            a.join();
            assertEquals(1, sessions(advance(30)));
            a.keepalive();                                              // a packet restarts the 60 s
            assertEquals(PacketType.KEEPALIVE_ACK, a.receiveType());
            assertEquals(1, sessions(advance(59)), "59 s after the last packet the session is still there");
            JsonObject after = advance(2);
            assertEquals(0, sessions(after), "61 s after the last packet the session is gone: " + after.getJsonArray("sessions"));
            a.keepalive();
            int n = a.receive();
            assertEquals(5, n, "the client is told to join again");
            assertEquals(MessageKind.UNKNOWN_SESSION, a.buf[0]);
            assertEquals(a.remoteIndex, OverlayCodec.getInt(a.buf, 1));
            a.join();                                                   // and it can
            assertEquals(1, sessions(status()));
        }
    }

    @Test
    void anUnconfirmedHandshakeIsForgottenAfterTenSeconds() throws Exception {
        try (TestClient a = node.client()) {
            node.admit(a.admitted(false));
            assertTrue(a.handshake().accepted(), "RESPONSE");
            JsonObject s = status();
            assertEquals("handshake", s.getJsonArray("sessions").getJsonObject(0).getString("state"));
            assertEquals(0, s.getJsonArray("networks").getJsonObject(0).getJsonArray("ports").size(),
                    "a half-open session is no switch port");
            assertEquals(1, sessions(advance(9)));
            assertEquals(0, sessions(advance(2)));
            a.keepalive();                                              // too late: its index is gone
            assertEquals(1, node.awaitDrops("unknownSession", 1));
            assertEquals(0, status().getJsonArray("networks").getJsonObject(0).getJsonArray("ports").size());
        }
    }

    @Test
    void anExpiringKeyCutsItsSessionAndIsRefusedAfterwards() throws Exception {
        try (TestClient a = node.client()) {
            node.admit(a.admitted(false, wall.get() + 10_000));
            a.join();
            wall.addAndGet(11_000);
            advance(1);
            assertEquals(PacketType.BYE, a.receiveType(), "the node says BYE when the key expires");
            assertEquals(RejectReason.EXPIRED.code, a.payload()[0]);
            assertEquals(0, sessions(status()));
            assertNotNull(a.handshake());
            assertEquals(RejectReason.EXPIRED, a.lastRefusal(), "an authenticated refusal");
            assertEquals(1, status().getJsonObject("drops").getLong("expiredKey"));
        }
    }

    /**
     * With the clock standing still every budget holds exactly its burst: of 3000 copies of one INIT (valid
     * mac1, no mac2) from one source, the node-wide budget passes 500 to the per-source budget (which passes
     * 20); then the node is under load and answers COOKIEs, at most {@link Timeouts#COOKIES_PER_SOURCE} to one
     * source (so one source cannot spend the node-wide 1000 per second every other source needs), then drops.
     */
    @Test
    void handshakeAttemptsAreRateLimitedBeforeAnyDiffieHellman() throws Exception {
        try (TestClient a = node.client()) {
            node.admit(a.admitted(false));
            a.sendInit();
            byte[] init = a.lastInit;
            int sent = 3000;
            int passed = Timeouts.HANDSHAKES_PER_SOURCE_BURST;
            for (int i = 1; i < sent; i++) {
                a.sendRaw(init);
                if (i % 200 == 0) {
                    awaitHandled(i + 1, passed);                        // no loss in the socket buffer
                }
            }
            JsonObject drops = awaitHandled(sent, passed);
            int underLoad = sent - Timeouts.HANDSHAKES_PER_SECOND;
            assertEquals(Timeouts.COOKIES_PER_SOURCE, drops.getLong("cookieSent"), drops.encode());
            assertEquals(Timeouts.HANDSHAKES_PER_SECOND - passed + underLoad - Timeouts.COOKIES_PER_SOURCE,
                    drops.getLong("handshakeRateLimited"), drops.encode());
            assertEquals(passed - 1, drops.getLong("replayedHandshake"), "the first copy made a session, the rest are replays");
            assertEquals(0, drops.getLong("badMac"));
            assertEquals(1, sessions(status()));
        }
    }

    /** Waits until the node handled {@code n} INITs: dropped by the gate, replayed, or the one accepted. */
    private JsonObject awaitHandled(int n, int passed) throws Exception {
        long deadline = System.nanoTime() + 5 * SECOND;
        JsonObject d;
        do {
            d = status().getJsonObject("drops");
        } while (handled(d, passed) < n && System.nanoTime() < deadline);
        return d;
    }

    private static long handled(JsonObject d, int passed) {
        return d.getLong("cookieSent") + d.getLong("handshakeRateLimited") + d.getLong("replayedHandshake") + 1;
    }

    @Test
    void anUnconfirmedRekeyIsForgottenAfterTenSecondsAndTheLiveSessionStays() throws Exception {
        try (TestClient a = node.client()) {
            node.admit(a.admitted(false));
            a.join();
            TestClient.Generation live = a.currentGeneration();
            assertTrue(a.handshake().accepted(), "a rekey's RESPONSE");
            TestClient.Generation abandoned = a.currentGeneration();
            advance(5);
            a.sendRaw(keepaliveUnder(a, live));                         // still talking under the live keys
            assertEquals(PacketType.KEEPALIVE_ACK, a.receiveType());
            JsonObject s = advance(6);
            assertEquals(1, sessions(s));
            assertEquals("up", s.getJsonArray("sessions").getJsonObject(0).getString("state"));
            assertEquals(0, s.getJsonArray("sessions").getJsonObject(0).getLong("rekeys"));
            a.sendRaw(keepaliveUnder(a, abandoned));                    // the forgotten keys find no session
            assertEquals(1, node.awaitDrops("unknownSession", 1));
            a.sendRaw(keepaliveUnder(a, live));
            assertEquals(PacketType.KEEPALIVE_ACK, receiveSkippingHints(a));
        }
    }

    private static byte[] keepaliveUnder(TestClient a, TestClient.Generation g) {
        return a.sealWith(g.keys(), g.remoteIndex(), ++a.previousCounter + 1_000, PacketType.KEEPALIVE, new byte[0]);
    }

    private static byte receiveSkippingHints(TestClient a) throws Exception {
        int n;
        while ((n = a.receive()) == 5) {
            // an UNKNOWN_SESSION hint for the forgotten keys
        }
        return n < 0 ? 0 : a.open(n);
    }

    @Test
    void keysOlderThanRejectAfterTimeAreNeverUsed() throws Exception {
        try (TestClient a = node.client()) {
            node.admit(a.admitted(false));
            a.join();
            for (int i = 0; i < 3; i++) {                               // traffic, but no rekey
                advance(50);
                a.keepalive();
                assertEquals(PacketType.KEEPALIVE_ACK, a.receiveType());
            }
            assertEquals(1, sessions(advance(29)), "179 s: still up");
            assertEquals(0, sessions(advance(2)), "181 s without a rekey: the keys are dead");
        }
    }

    @Test
    void unknownSessionHintsAreBudgeted() throws Exception {
        try (TestClient a = node.client()) {
            int sent = 2 * Timeouts.REJECTS_PER_SECOND;
            byte[] p = new byte[40];
            p[0] = MessageKind.TRANSPORT;
            for (int i = 0; i < sent; i++) {
                OverlayCodec.putInt(p, 1, 1000 + i);
                a.sendRaw(p);
            }
            assertEquals(sent, node.awaitDrops("unknownSession", sent));
            a.setTimeout(200);
            int hints = 0;
            while (a.receive() == 5) {
                hints++;
            }
            assertEquals(Timeouts.REJECTS_PER_SECOND, hints, "the clock stands still: one second's worth");
        }
    }

    @Test
    void certificateAnswersAreBudgeted() throws Exception {
        try (TestClient a = node.client()) {
            int sent = Timeouts.CERTS_PER_SECOND + 20;
            byte[] p = new byte[atenet.wire.identity.CertExchange.REQUEST_LEN];
            for (int i = 0; i < sent; i++) {
                atenet.wire.identity.CertExchange.writeRequest(p, i, node.chainId);
                a.sendRaw(p);
                if (i % 50 == 0) {
                    Thread.sleep(1);
                }
            }
            assertEquals(20, node.awaitDrops("certRefused", 20));
            a.setTimeout(200);
            int answers = 0;
            while (a.receive() > 0) {
                answers++;
            }
            assertEquals(Timeouts.CERTS_PER_SECOND, answers);
        }
    }
}
