package atenet.vswitch.udp;

import atenet.wire.frame.MacAddress;
import atenet.wire.handshake.InitiatorHandshake;
import atenet.wire.identity.CertExchange;
import atenet.wire.identity.NodeCertificate;
import atenet.wire.overlay.MessageKind;
import atenet.wire.overlay.OverlayCodec;
import atenet.wire.overlay.PacketType;
import atenet.wire.overlay.RejectReason;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static atenet.vswitch.udp.TestNode.SECOND;
import static atenet.vswitch.udp.TestNode.frame;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Layer: one real data plane on loopback UDP, driven by {@link TestClient}s. The protocol's hostile cases:
 * replayed handshakes, receiver indexes, arbitrary datagrams, exceptions inside the loop, certificate
 * requests, cookies under load and rekeying under traffic (a node that may not serve: {@link UdpDataPlaneTest}).
 */
class UdpDataPlaneProtocolTest {
    private TestNode node;

    @BeforeEach
    void start() throws Exception {
        node = new TestNode();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    /** A sends a unicast to B and B one back; both arrive intact (MACs learned first by broadcasts). */
    private static void exchange(TestClient a, TestClient b, int seed) throws Exception {
        byte[] ab = frame(b.mac(), a.mac(), 100, seed);
        a.sendFrame(ab);
        assertArrayEquals(ab, b.receiveFrame(), "A → B");
        byte[] ba = frame(a.mac(), b.mac(), 100, seed + 1);
        b.sendFrame(ba);
        assertArrayEquals(ba, a.receiveFrame(), "B → A");
    }

    private static void learn(TestClient a, TestClient b) throws Exception {
        a.sendFrame(frame(MacAddress.BROADCAST, a.mac(), 40));
        assertNotNull(b.receiveFrame());
        b.sendFrame(frame(MacAddress.BROADCAST, b.mac(), 40));
        assertNotNull(a.receiveFrame());
    }

    private void joinBoth(TestClient a, TestClient b) throws Exception {
        node.admit(a, b);
        a.join();
        b.join();
        learn(a, b);
    }

    // ------------------------------------------------------------------ replayed INIT

    @Test
    void aReplayedInitMakesNoSessionGetsNoAnswerAndLeavesTheLiveSessionWorking() throws Exception {
        try (TestClient a = node.client(); TestClient b = node.client(); TestClient c = node.client();
             TestClient attacker = node.clientFrom(InetAddress.getByName("127.0.0.2"))) {
            node.admit(a, b, c);
            // before the session is up: c's INIT answered, then the same bytes again
            assertTrue(c.handshake().accepted());
            byte[] cInit = c.lastInit;
            c.sendRaw(cInit);
            assertEquals(1, node.awaitDrops("replayedHandshake", 1));
            c.confirm();                                                // the first answer's keys still work

            a.join();
            b.join();
            learn(a, b);
            byte[] aInit = a.lastInit;
            JsonObject before = node.status();
            int remoteBefore = a.remoteIndex;
            a.sendRaw(aInit);                                           // from a's own address
            attacker.sendRaw(aInit);                                    // and from another address
            assertEquals(3, node.awaitDrops("replayedHandshake", 3));
            a.setTimeout(300);
            attacker.setTimeout(300);
            assertEquals(-1, a.receive(), "no answer to a replayed INIT");
            assertEquals(-1, attacker.receive(), "no answer to a replayed INIT");
            a.setTimeout(TestClient.TIMEOUT_MILLIS);
            JsonObject after = node.status();
            assertEquals(3, after.getJsonArray("sessions").size());
            JsonObject sa = TestNode.sessionOf(after, a);
            assertEquals("up", sa.getString("state"));
            assertEquals(0, sa.getLong("rekeys"));
            assertEquals(TestNode.sessionOf(before, a).getString("endpoint"), sa.getString("endpoint"),
                    "a replay from elsewhere does not move the session");
            assertEquals(remoteBefore, a.remoteIndex);
            exchange(a, b, 1);
            exchange(a, b, 3);
            assertEquals(0, node.drops("internalError"));
        }
    }

    // ------------------------------------------------------------------ receiver indexes

    @Test
    void theNodeChoosesEveryReceiverIndex() throws Exception {
        try (TestClient a = node.client(); TestClient b = node.client()) {
            a.fixedSenderIndex = 7;                                     // both clients pick the same index
            b.fixedSenderIndex = 7;
            joinBoth(a, b);
            assertNotEquals(0, a.remoteIndex);
            assertNotEquals(0, b.remoteIndex);
            assertNotEquals(a.remoteIndex, b.remoteIndex, "the node's indexes are its own, unique");
            assertNotEquals(7, a.remoteIndex);
            exchange(a, b, 10);
            // a packet naming the client's own index, 0, or a random index finds no session
            int random = a.remoteIndex ^ 0x5a5a5a5a;
            for (int index : new int[]{7, 0, random}) {
                byte[] p = a.sealWith(a.keys, index, 1000 + index, PacketType.KEEPALIVE, new byte[0]);
                a.send(p, p.length);
                assertEquals(5, a.receive(), "hint for index " + index);
                assertEquals(MessageKind.UNKNOWN_SESSION, a.buf[0]);
                assertEquals(index, OverlayCodec.getInt(a.buf, 1));
            }
            assertEquals(3, node.awaitDrops("unknownSession", 3));
            // b's index with a's keys: found, but does not authenticate
            byte[] p = a.sealWith(a.keys, b.remoteIndex, 5000, PacketType.KEEPALIVE, new byte[0]);
            a.send(p, p.length);
            assertEquals(1, node.awaitDrops("badAuth", 1));
            exchange(a, b, 20);
        }
    }

    @Test
    void noDatagramStopsTheLoop() throws Exception {
        Random r = new Random(42);
        try (TestClient hostile = node.client()) {
            int[] special = {0, 1, 4, 5, 13, 29, 30, 31, 49, 92, 160, 161, 162, 319, 320, 321, 1599, 1600};
            int sent = 0;
            for (int round = 0; round < 12; round++) {
                for (int first = 0; first < 256; first++) {
                    int len = round == 0 ? r.nextInt(2) : r.nextInt(1601);
                    byte[] p = new byte[len];
                    r.nextBytes(p);
                    if (len > 0) {
                        p[0] = (byte) first;
                    }
                    hostile.sendRaw(p);
                    sent++;
                }
                assertTrue(node.loopAdvances(1), "the loop turns");
            }
            for (int len : special) {                                   // every atenet kind at every edge length
                for (int k = 0; k < 16; k++) {
                    byte[] p = new byte[len];
                    r.nextBytes(p);
                    if (len > 0) {
                        p[0] = (byte) (0x50 | k);
                    }
                    hostile.sendRaw(p);
                    sent++;
                }
            }
            assertTrue(sent > 3000);
            assertTrue(node.loopAdvances(5), "the loop still turns");
            try (TestClient a = node.client(); TestClient b = node.client()) {
                joinBoth(a, b);
                exchange(a, b, 1);
            }
            JsonObject drops = node.status().getJsonObject("drops");
            assertEquals(0, drops.getLong("internalError"), drops.encode());
            assertTrue(drops.getLong("badKind") > 500, drops.encode());
            assertTrue(node.loopAdvances(5));
        }
    }

    // ------------------------------------------------------------------ exceptions

    @Test
    void theDataPlaneSurvivesExceptionsWhileHandlingAPacket() throws Exception {
        try (TestClient a = node.client(); TestClient b = node.client(); TestClient poison = node.client()) {
            joinBoth(a, b);
            AtomicInteger runtimeFaults = new AtomicInteger();
            AtomicBoolean errorFault = new AtomicBoolean();
            node.plane.faultInjector = () -> {
                if (errorFault.getAndSet(false)) {
                    throw new AssertionError("injected error");
                }
                if (runtimeFaults.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new IllegalStateException("injected fault");
                }
            };
            runtimeFaults.set(5);
            for (int i = 0; i < 5; i++) {
                poison.sendRaw(new byte[]{MessageKind.TRANSPORT, 1, 2, 3});
            }
            assertEquals(5, node.awaitDrops("internalError", 5));
            long turns = node.plane.loopIterations();
            errorFault.set(true);
            poison.sendRaw(new byte[]{MessageKind.TRANSPORT});
            assertEquals(6, node.awaitDrops("internalError", 6));
            assertTrue(node.loopAdvances(3), "the loop goes on after an Error");
            assertTrue(node.plane.loopIterations() > turns);
            exchange(a, b, 1);
            // a command that throws (commands run on the loop between packets) is counted too
            node.plane.execute(() -> {
                throw new IllegalStateException("injected command fault");
            });
            assertEquals(7, node.awaitDrops("internalError", 7));
            // faults while A and B talk: the packets that hit them are lost, the next ones pass
            runtimeFaults.set(2);
            byte[] lost = frame(b.mac(), a.mac(), 60, 5);
            a.sendFrame(lost);
            a.sendFrame(lost);
            assertEquals(9, node.awaitDrops("internalError", 9));
            exchange(a, b, 7);
            node.plane.faultInjector = null;
            assertEquals(9, node.drops("internalError"));
            assertEquals(2, node.status().getJsonArray("sessions").size(), "A and B are still up");
        }
    }

    // ------------------------------------------------------------------ certificates

    @Test
    void certRequestForTheNodesChainGetsAVerifiableCertificateAndAnotherChainIsToldWhichChain() throws Exception {
        try (TestClient c = node.client()) {
            int n = c.requestCert(0x1234_5678_9abc_def0L, node.chainId);
            assertTrue(n > 0, "an answer");
            assertTrue(n <= CertExchange.REQUEST_LEN, "never longer than the request");
            assertEquals(MessageKind.CERT, c.buf[0]);
            NodeCertificate cert = CertExchange.readReply(c.buf, n, 0x1234_5678_9abc_def0L, node.operatorKey);
            assertNotNull(cert);
            assertArrayEquals(node.nodePub, cert.x25519Key(), "the node's Noise static key");
            assertEquals("node-1", cert.name());
            NodeCertificate again = NodeCertificate.verify(c.buf, CertExchange.OFFSET_CERT,
                    OverlayCodec.getShort(c.buf, CertExchange.OFFSET_CERT_LEN), node.operatorKey);
            assertArrayEquals(node.nodePub, again.x25519Key());
            assertThrows(RuntimeException.class, () -> NodeCertificate.verify(c.buf, CertExchange.OFFSET_CERT,
                    OverlayCodec.getShort(c.buf, CertExchange.OFFSET_CERT_LEN), TestNode.ed25519PublicOf(new byte[32])),
                    "another operator's key does not verify it");

            byte[] otherChain = node.chainId.clone();
            otherChain[0] ^= 1;
            // another chain: no certificate, a counted refusal, and an (unauthenticated) "I serve this chain"
            n = c.requestCert(1, otherChain);
            assertEquals(CertExchange.OFFSET_CERT + 32, n, "a CERT of length 0 and the node's chain id");
            assertTrue(n <= CertExchange.REQUEST_LEN, "never longer than the request");
            assertNull(CertExchange.readReply(c.buf, n, 1, node.operatorKey), "no certificate in it");
            assertArrayEquals(node.chainId, CertExchange.otherChain(c.buf, n, 1));
            assertEquals(1, node.awaitDrops("certRefused", 1));
            c.setTimeout(300);
            byte[] shortReq = new byte[CertExchange.REQUEST_LEN - 1];
            shortReq[0] = MessageKind.CERT_REQUEST;
            System.arraycopy(node.chainId, 0, shortReq, CertExchange.OFFSET_CHAIN_ID, 32);
            c.sendRaw(shortReq);
            assertEquals(-1, c.receive(), "an unpadded request gets no answer");
            assertEquals(2, node.awaitDrops("certRefused", 2));
        }
    }

    // ------------------------------------------------------------------ cookies under load

    /**
     * A flood of INITs (valid mac1, no mac2) from 127.0.0.1 puts the node under load: it asks for cookies and
     * holds the flood to its source's budget. A client from 127.0.0.2 still joins within a second, one cookie
     * round trip later, while the flood goes on (as {@link HandshakeGate} promises: "a flood from one real
     * address is held to that address's budget; everyone else keeps joining").
     *
     * <p>The monotonic clock stands still except for a 1 µs step per attempt of the client, so every budget is
     * exactly its burst and the outcome does not depend on how fast this machine is.
     */
    @Test
    void underLoadAClientFromAnotherSourceJoinsWithACookie() throws Exception {
        AtomicLong clock = new AtomicLong(1_000 * SECOND);
        try (TestNode loaded = new TestNode(true, clock::get, System::currentTimeMillis);
             TestClient flooder = loaded.client();
             TestClient legit = loaded.clientFrom(InetAddress.getByName("127.0.0.2"))) {
            loaded.admit(legit, flooder);
            flooder.sendInit();
            byte[] init = flooder.lastInit;
            int first = Timeouts.HANDSHAKES_PER_SECOND + 100;
            for (int i = 1; i < first; i++) {
                flooder.sendRaw(init);
                if (i % 100 == 0) {
                    Thread.sleep(1);
                }
            }
            int perSource = Timeouts.HANDSHAKES_PER_SOURCE_BURST;
            int underLoad = first - Timeouts.HANDSHAKES_PER_SECOND;
            assertEquals(Timeouts.COOKIES_PER_SOURCE, loaded.awaitDrops("cookieSent", Timeouts.COOKIES_PER_SOURCE),
                    "beyond the node-wide budget the node is under load and asks for cookies, a few per source");
            long rateLimited = Timeouts.HANDSHAKES_PER_SECOND - perSource + underLoad - Timeouts.COOKIES_PER_SOURCE;
            assertEquals(rateLimited, loaded.awaitDrops("handshakeRateLimited", rateLimited),
                    "one source is held to its handshake and cookie budgets");
            assertEquals(perSource - 1, loaded.awaitDrops("replayedHandshake", perSource - 1));

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong flooded = new AtomicLong();
            Thread flood = new Thread(() -> {
                try {
                    while (!stop.get() && flooded.get() < 2_000_000) {
                        flooder.sendRaw(init);
                        if (flooded.incrementAndGet() % 64 == 0) {
                            Thread.yield();
                        }
                    }
                } catch (Exception e) {
                    // the channel closed: the test is over
                }
            }, "flood");
            flood.start();
            try {
                // a sustained flood from one source: it gets no more cookies than its own budget (the clock
                // stands still), so the node-wide cookie budget is left for everyone else
                long rateLimitedBefore = loaded.drops("handshakeRateLimited");
                assertTrue(loaded.awaitDrops("handshakeRateLimited", rateLimitedBefore + 1000) > rateLimitedBefore + 500,
                        "the flood goes on: " + loaded.status().getJsonObject("drops").encode());
                long t0 = System.nanoTime();
                legit.setTimeout(100);
                InitiatorHandshake.Response r = null;
                while (r == null && System.nanoTime() - t0 < 2 * SECOND) {
                    clock.addAndGet(1_000);
                    r = legit.handshake();                            // retried like a client would
                }
                long took = System.nanoTime() - t0;
                legit.setTimeout(TestClient.TIMEOUT_MILLIS);
                assertNotNull(r, "no RESPONSE within 2 s under a flood from another source (cookies received: "
                        + legit.cookiesReceived + "); drops " + loaded.status().getJsonObject("drops").encode()
                        + ", flood " + flooded.get() + " INITs");
                assertTrue(r.accepted());
                assertTrue(legit.cookiesReceived >= 1, "the answer came after a cookie round trip");
                assertTrue(took < SECOND, "joined in " + took / 1_000_000 + " ms");
                legit.confirm(3);                                     // its KEEPALIVE shares the socket with the flood
            } finally {
                stop.set(true);
                flood.join(5000);
            }
            JsonObject drops = loaded.status().getJsonObject("drops");
            assertTrue(drops.getLong("cookieSent") > Timeouts.COOKIES_PER_SOURCE, "legit got its cookie too: " + drops.encode());
            assertTrue(drops.getLong("cookieSent") < Timeouts.COOKIES_PER_SOURCE + 100,
                    "the flooder got no more cookies than its own budget: " + drops.encode());
            assertTrue(flooded.get() > 0);
            assertEquals("up", TestNode.sessionOf(loaded.status(), legit).getString("state"));
        }
    }

    /**
     * The cookie round trip itself, without a sustained flood: once the node-wide budget is spent, an INIT
     * without mac2 gets a COOKIE, the same INIT with mac2 gets the RESPONSE, and the source that spent its own
     * budget gets nothing even with a valid cookie. The clock stands still.
     */
    @Test
    void underLoadAnInitWithAValidCookieIsAnsweredAndTheFloodingSourceIsNot() throws Exception {
        AtomicLong clock = new AtomicLong(1_000 * SECOND);
        try (TestNode loaded = new TestNode(true, clock::get, System::currentTimeMillis);
             TestClient flooder = loaded.client();
             TestClient legit = loaded.clientFrom(InetAddress.getByName("127.0.0.2"))) {
            loaded.admit(legit, flooder);
            flooder.sendInit();
            byte[] init = flooder.lastInit;
            for (int i = 1; i < Timeouts.HANDSHAKES_PER_SECOND; i++) {
                flooder.sendRaw(init);
                if (i % 100 == 0) {
                    Thread.sleep(1);
                }
            }
            loaded.awaitDrops("handshakeRateLimited", Timeouts.HANDSHAKES_PER_SECOND - Timeouts.HANDSHAKES_PER_SOURCE_BURST);
            assertEquals(0, loaded.drops("cookieSent"), "not under load yet");

            InitiatorHandshake.Response r = legit.handshake();
            assertNotNull(r, "answered after the cookie round trip");
            assertTrue(r.accepted());
            assertEquals(1, legit.cookiesReceived);
            assertEquals(1, loaded.drops("cookieSent"));
            legit.confirm();
            exchangeKeepalive(legit);

            // the flooding source, even with a cookie, is over its own budget: no answer
            flooder.setTimeout(300);
            while (flooder.receive() > 0) {
                // the RESPONSE to its first INIT
            }
            long limited = loaded.drops("handshakeRateLimited");
            assertNull(flooder.handshake(), "over its source's budget");
            assertEquals(1, flooder.cookiesReceived, "it did get a cookie");
            assertEquals(limited + 1, loaded.drops("handshakeRateLimited"));
        }
    }

    private static void exchangeKeepalive(TestClient c) throws Exception {
        c.keepalive();
        assertEquals(PacketType.KEEPALIVE_ACK, c.receiveType());
    }

    // ------------------------------------------------------------------ rekey

    @Test
    void aRekeyUnderTrafficLosesNoFrameAndRetiresOldKeys() throws Exception {
        try (TestClient a = node.client(); TestClient b = node.client()) {
            joinBoth(a, b);
            int aToB = 0;
            int bToA = 0;
            int receivedByB = 0;
            int receivedByA = 0;
            int gen1Index = a.remoteIndex;
            // frames flow both ways
            for (int i = 0; i < 5; i++) {
                a.sendFrame(frame(b.mac(), a.mac(), 200, i));
                aToB++;
                b.sendFrame(frame(a.mac(), b.mac(), 200, 100 + i));
                bToA++;
            }
            // a starts a rekey; its frames under the old keys and b's frames to it keep flowing meanwhile
            a.sendInit();
            for (int i = 0; i < 5; i++) {
                a.sendFrame(frame(b.mac(), a.mac(), 200, 10 + i));
                aToB++;
                b.sendFrame(frame(a.mac(), b.mac(), 200, 110 + i));
                bToA++;
            }
            InitiatorHandshake.Response r = a.awaitResponse();          // b's frames read meanwhile are kept
            assertNotNull(r);
            assertTrue(r.accepted());
            assertNotEquals(gen1Index, a.remoteIndex, "a new session index");
            // before a confirms, the node still sends under the old keys, which a keeps as previous
            for (int i = 0; i < 3; i++) {
                b.sendFrame(frame(a.mac(), b.mac(), 200, 120 + i));
                bToA++;
            }
            // a's first packet under the new keys (a frame) confirms the rekey
            a.sendFrame(frame(b.mac(), a.mac(), 200, 20));
            aToB++;
            // a late packet under the old keys is still accepted (previous generation)
            byte[] late = a.sealPrevious(PacketType.FRAME, frame(b.mac(), a.mac(), 200, 21));
            a.send(late, late.length);
            aToB++;
            for (int i = 0; i < 5; i++) {
                a.sendFrame(frame(b.mac(), a.mac(), 200, 30 + i));
                aToB++;
                b.sendFrame(frame(a.mac(), b.mac(), 200, 130 + i));
                bToA++;
            }
            b.setTimeout(500);
            while (b.receiveFrame() != null) {
                receivedByB++;
            }
            a.setTimeout(500);
            while (a.receiveFrame() != null) {
                receivedByA++;
            }
            assertEquals(aToB, receivedByB, "every frame A sent across the rekey reached B");
            assertEquals(bToA, receivedByA, "every frame B sent across the rekey reached A");
            JsonObject s = node.status();
            assertEquals(1, TestNode.sessionOf(s, a).getLong("rekeys"));
            assertEquals(2, s.getJsonArray("networks").getJsonObject(0).getJsonArray("ports").size(),
                    "still one port each");
            a.setTimeout(TestClient.TIMEOUT_MILLIS);
            b.setTimeout(TestClient.TIMEOUT_MILLIS);
            exchange(a, b, 50);
            assertEquals(a.localIndex, OverlayCodec.receiver(a.buf), "after the confirmation the node seals under the new keys");

            // a second rekey retires the first generation: its keys no longer open anything
            TestClient.Generation gen1 = a.previousGeneration();
            a.join();
            assertEquals(2, TestNode.sessionOf(node.status(), a).getLong("rekeys"));
            exchange(a, b, 60);
            byte[] old = a.sealWith(gen1.keys(), gen1.remoteIndex(), 10_000, PacketType.FRAME, frame(b.mac(), a.mac(), 60, 70));
            long unknownBefore = node.drops("unknownSession");
            long badAuthBefore = node.drops("badAuth");
            a.send(old, old.length);
            b.setTimeout(300);
            assertNull(b.receiveFrame(), "a packet under keys two generations old is not forwarded");
            long deadline = System.nanoTime() + 2 * SECOND;
            while (node.drops("unknownSession") + node.drops("badAuth") == unknownBefore + badAuthBefore
                    && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            assertEquals(unknownBefore + 1, node.drops("unknownSession"), "the oldest session is gone");
            assertEquals(badAuthBefore, node.drops("badAuth"));
        }
    }
}
