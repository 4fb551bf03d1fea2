package atenet.tapclient;

import atenet.wire.crypto.KeyId;
import atenet.wire.crypto.PacketCipher;
import atenet.wire.crypto.X25519Keys;
import atenet.wire.handshake.HandshakeLayout;
import atenet.wire.handshake.HandshakeMacs;
import atenet.wire.handshake.ResponderHandshake;
import atenet.wire.handshake.Tai64n;
import atenet.wire.handshake.TransportKeys;
import atenet.wire.identity.CertExchange;
import atenet.wire.net.HostPort;
import atenet.wire.overlay.MessageKind;
import atenet.wire.overlay.NodeList;
import atenet.wire.overlay.OverlayCodec;
import atenet.wire.overlay.OverlayHeader;
import atenet.wire.overlay.PacketType;
import atenet.wire.overlay.RejectReason;
import atenet.wire.token.AccessToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Layer: protocol engine against fake nodes written here with the wire classes (ResponderHandshake, a real
 * operator-signed certificate, sealed transport packets); fake clocks; no TAP. Most tests run over an in-memory
 * transport (the node's answers are handed to {@link ClientEngine#onDatagram} synchronously, so every step is
 * deterministic); {@link #fullExchangeOverRealUdp()} runs the whole exchange over loopback UDP with a receiver
 * thread like TapClient's.
 */
class ClientEngineTest {
    static final long SEC = 1_000_000_000L;
    static final long MS = 1_000_000L;

    /** Jitter under test control: {@code nextDouble()} returns {@link #fixed} when set, the real thing otherwise. */
    static final class TestRandom extends SecureRandom {
        volatile double fixed = -1;

        @Override
        public double nextDouble() {
            return fixed >= 0 ? fixed : super.nextDouble();
        }
    }

    /** The node side, from the protocol description in ClientEngine. */
    final class FakeNode {
        final String name;
        final InetSocketAddress endpoint;
        final byte[] priv = X25519Keys.generatePrivate(TestTokens.RANDOM);
        final byte[] pub = X25519Keys.publicOf(priv);
        final byte[] certificate;
        final BlockingQueue<byte[]> inbox = new LinkedBlockingQueue<>();
        final PacketCipher cipher = new PacketCipher();
        ResponderHandshake hs;
        byte[] lastInit;
        byte[] lastTimestamp;
        int ownIndex;
        int clientIndex;
        TransportKeys keys;
        long counter = 1;

        FakeNode(String name, int port) {
            this.name = name;
            this.endpoint = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            this.certificate = TestTokens.certificate(pub, name);
        }

        HostPort where() {
            return HostPort.of(endpoint);
        }

        String describe() {
            return name + "@" + where();
        }

        /** The next packet the client sent to this node (in memory: already there; UDP: waits up to 5 s). */
        byte[] next() throws Exception {
            byte[] p = udpNode == null ? inbox.poll() : inbox.poll(5, TimeUnit.SECONDS);
            assertNotNull(p, name + " received nothing");
            return p;
        }

        void assertNothingReceived() {
            assertNull(inbox.poll(), name + " received a packet");
        }

        long awaitCertRequest() throws Exception {
            byte[] p = next();
            assertEquals(MessageKind.CERT_REQUEST, p[0], "a CERT_REQUEST, got " + MessageKind.name(p[0]));
            assertTrue(CertExchange.isRequestFor(p, p.length, TestTokens.CHAIN_ID), "padded request for our chain");
            long id = CertExchange.requestId(p);
            assertNotEquals(0, id);
            return id;
        }

        void sendCert(long requestId) throws Exception {
            sendCert(requestId, certificate);
        }

        void sendCert(long requestId, byte[] cert) throws Exception {
            byte[] out = new byte[CertExchange.REQUEST_LEN];
            int n = CertExchange.writeReply(out, requestId, cert);
            toClient(Arrays.copyOf(out, n));
        }

        /** Receives an INIT and runs Noise message 1; checks mac1, the network id and that its timestamp is newer. */
        ResponderHandshake awaitInit() throws Exception {
            byte[] p = next();
            assertEquals(MessageKind.INIT, p[0], "an INIT, got " + MessageKind.name(p[0]));
            assertTrue(ResponderHandshake.hasInitShape(p, p.length));
            assertTrue(ResponderHandshake.checkMac1(HandshakeMacs.mac1Key(pub), p), "mac1 under this node's key");
            hs = ResponderHandshake.read(priv, TestTokens.CHAIN_ID, p, p.length);
            assertNotNull(hs, "Noise message 1 authenticates");
            assertArrayEquals(clientPub, hs.initiatorStatic());
            assertArrayEquals(token.networkId(), hs.networkId());
            assertTrue(Tai64n.isAfter(hs.timestamp(), lastTimestamp), "every new INIT has a newer timestamp");
            lastTimestamp = hs.timestamp();
            lastInit = p;
            return hs;
        }

        /** Accepts the last INIT: sends the RESPONSE; this node's sessions now use the new keys. */
        void accept(int mtu) throws Exception {
            byte[] resp = new byte[HandshakeLayout.RESP_LEN];
            int idx;
            do {
                idx = TestTokens.RANDOM.nextInt();
            } while (idx == 0 || idx == ownIndex);
            ownIndex = idx;
            clientIndex = hs.initiatorIndex();
            keys = hs.accept(ownIndex, mtu, TestTokens.RANDOM, resp);
            counter = 1;
            toClient(resp);
        }

        byte[] refusal(RejectReason reason) {
            byte[] resp = new byte[HandshakeLayout.RESP_LEN];
            hs.refuse(reason.code, TestTokens.RANDOM, resp);
            return resp;
        }

        /** A sealed TRANSPORT packet of the current session. */
        byte[] sealed(byte type, byte[] payload) {
            return sealedWith(keys, clientIndex, counter++, type, payload);
        }

        byte[] sealedWith(TransportKeys k, int receiver, long ctr, byte type, byte[] payload) {
            byte[] pkt = new byte[OverlayHeader.MAX_PACKET_LEN];
            OverlayCodec.writeHeader(pkt, receiver, ctr);
            pkt[OverlayHeader.OFFSET_TYPE] = type;
            System.arraycopy(payload, 0, pkt, ClientEngine.PAYLOAD_OFFSET, payload.length);
            int len = cipher.seal(pkt, 1 + payload.length, k.send);
            return Arrays.copyOf(pkt, len);
        }

        byte[] frame(byte[] frame) {
            return sealed(PacketType.FRAME, frame);
        }

        /** Receives a packet sealed for this node's current session; returns type followed by payload. */
        byte[] receiveSealed() throws Exception {
            return openSealed(next(), keys, ownIndex);
        }

        byte[] openSealed(byte[] pkt, TransportKeys k, int index) {
            assertEquals(MessageKind.TRANSPORT, pkt[0], "a TRANSPORT packet, got " + MessageKind.name(pkt[0]));
            assertEquals(index, OverlayCodec.receiver(pkt), "addressed to the node's index");
            int plain = cipher.open(pkt, pkt.length, k.receive);
            assertTrue(plain >= 1, "client packet does not authenticate under these keys");
            return Arrays.copyOfRange(pkt, OverlayHeader.OFFSET_TYPE, OverlayHeader.OFFSET_TYPE + plain);
        }

        NodeList.Entry entry() {
            return new NodeList.Entry(pub, name, endpoint);
        }
    }

    /** In-memory transport: packets go to the inbox of the node the engine connected to. */
    final class MemTransport implements Transport {
        volatile FakeNode to;
        final List<InetSocketAddress> connects = new ArrayList<>();

        @Override
        public void connect(InetSocketAddress node) throws IOException {
            FakeNode n = nodes.get(node);
            if (n == null) {
                throw new IOException("no route to " + node);
            }
            to = n;
            connects.add(node);
        }

        @Override
        public boolean send(ByteBuffer pkt) {
            byte[] p = new byte[pkt.remaining()];
            pkt.get(p);
            to.inbox.add(p);
            return true;
        }
    }

    final AtomicLong clock = new AtomicLong(1000 * SEC);
    final AtomicLong wall = new AtomicLong(1_764_000_000_000L);
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final BlockingQueue<List<String>> nodeEvents = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    final Drops drops = new Drops();
    final TestRandom random = new TestRandom();
    final Map<InetSocketAddress, FakeNode> nodes = new HashMap<>();
    final PacketCipher rxCipher = new PacketCipher();
    final byte[] clientPriv = X25519Keys.generatePrivate(TestTokens.RANDOM);
    final byte[] clientPub = X25519Keys.publicOf(clientPriv);
    AccessToken token;
    ClientEngine engine;
    Transport transport;
    /** Set by the UDP variant: where the node's answers go. */
    volatile DatagramSocket udpNode;
    volatile SocketAddress udpClient;
    Thread receiver;

    @AfterEach
    void tearDown() throws Exception {
        if (transport instanceof UdpTransport u) {
            u.close();
        }
        if (udpNode != null) {
            udpNode.close();
        }
        if (receiver != null) {
            receiver.join(2000);
        }
    }

    private FakeNode node(String name) {
        FakeNode n = new FakeNode(name, 40000 + nodes.size());
        nodes.put(n.endpoint, n);
        return n;
    }

    private final ClientEngine.Listener listener = new ClientEngine.Listener() {
        @Override
        public void joined(ClientEngine.Joined j) {
            events.add("joined mtu " + j.advisedMtu() + " via " + j.via() + " name " + j.nodeName());
        }

        @Override
        public void nodes(List<String> described) {
            nodeEvents.add(List.copyOf(described));
        }

        @Override
        public void warn(String line) {
            events.add("warn " + line);
        }

        @Override
        public void finished(int exitCode, String line) {
            events.add("exit " + exitCode + " " + line);
        }
    };

    /** An engine over the in-memory transport, targets in this order. */
    private ClientEngine engine(FakeNode... targets) {
        List<HostPort> hps = new ArrayList<>();
        List<InetSocketAddress> hints = new ArrayList<>();
        for (FakeNode n : targets) {
            hps.add(n.where());
            hints.add(n.endpoint);
        }
        token = TestTokens.token(clientPriv, hints);
        transport = new MemTransport();
        engine = new ClientEngine(credentials(), hps, transport, clock::get, wall::get, random, listener, drops);
        return engine;
    }

    private ClientEngine.Credentials credentials() {
        return new ClientEngine.Credentials(token.chainId(), token.operatorKey(), token.networkId(), token.privateKey());
    }

    /** Node → client, synchronously; returns what onDatagram returned (frames are queued). */
    private int toClient(byte[] pkt) {
        if (udpNode != null) {
            try {
                udpNode.send(new DatagramPacket(pkt, pkt.length, udpClient));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return 0;
        }
        byte[] buf = new byte[OverlayHeader.MAX_PACKET_LEN + 1];
        System.arraycopy(pkt, 0, buf, 0, pkt.length);
        int f = engine.onDatagram(rxCipher, buf, pkt.length);
        if (f > 0) {
            frames.add(Arrays.copyOfRange(buf, ClientEngine.PAYLOAD_OFFSET, ClientEngine.PAYLOAD_OFFSET + f));
        }
        return f;
    }

    private void advance(long nanos) {
        clock.addAndGet(nanos);
        wall.addAndGet(nanos / MS);
    }

    /** CERT_REQUEST → CERT → INIT → RESPONSE(accept) → KEEPALIVE, starting with a tick. */
    private void join(FakeNode n) throws Exception {
        engine.tick();
        n.sendCert(n.awaitCertRequest());
        handshakeAfterInit(n, 1380);
    }

    private void handshakeAfterInit(FakeNode n, int mtu) throws Exception {
        n.awaitInit();
        n.accept(mtu);
        assertEquals("joined mtu " + mtu + " via " + n.where() + " name " + n.name, events.poll(5, TimeUnit.SECONDS));
        byte[] ka = n.receiveSealed();
        assertEquals(PacketType.KEEPALIVE, ka[0], "a KEEPALIVE right after the RESPONSE confirms the session");
        assertEquals(1, ka.length);
        assertTrue(engine.isJoined());
        assertEquals(n.ownIndex, engine.remoteIndex());
    }

    private byte[] sealFrame(byte[] frame) {
        byte[] pkt = new byte[OverlayHeader.MAX_PACKET_LEN];
        System.arraycopy(frame, 0, pkt, ClientEngine.PAYLOAD_OFFSET, frame.length);
        int len = engine.sealFrame(new PacketCipher(), pkt, frame.length);
        assertEquals(frame.length + OverlayHeader.OVERHEAD, len);
        return Arrays.copyOf(pkt, len);
    }

    private static byte[] randomFrame(int len) {
        byte[] f = new byte[len];
        TestTokens.RANDOM.nextBytes(f);
        return f;
    }

    private void assertNoEvents() {
        assertNull(events.poll(), "no event expected");
    }

    // =================================================================================================
    // Joining, frames, keepalives, retries, failover
    // =================================================================================================

    @Test
    void handshakeThenFramesBothWays() throws Exception {
        FakeNode a = node("node-a");
        engine(a);
        assertEquals(-1, engine.sealFrame(new PacketCipher(), new byte[OverlayHeader.MAX_PACKET_LEN], 60));
        assertEquals(1, drops.get(Drops.Reason.NOT_JOINED), "no frame leaves before the handshake");
        join(a);
        byte[] frame = randomFrame(100);
        assertEquals(100, toClient(a.frame(frame)));
        assertArrayEquals(frame, frames.poll());
        assertEquals(1, engine.framesIn());

        byte[] pkt = sealFrame(frame);
        assertEquals(2, OverlayCodec.counter(pkt), "KEEPALIVE=1, frame=2");
        a.inbox.add(pkt);
        byte[] got = a.receiveSealed();
        assertEquals(PacketType.FRAME, got[0]);
        assertArrayEquals(frame, Arrays.copyOfRange(got, 1, got.length));
        assertEquals(1, engine.framesOut());
        assertEquals(1, drops.total(), "only the NOT_JOINED drop: " + drops);
    }

    @Test
    void fullExchangeOverRealUdp() throws Exception {
        DatagramSocket sock = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        sock.setSoTimeout(5000);
        udpNode = sock;
        FakeNode a = new FakeNode("node-udp", sock.getLocalPort());
        token = TestTokens.token(clientPriv, List.of(a.endpoint));
        UdpTransport udp = new UdpTransport();
        transport = udp;
        engine = new ClientEngine(credentials(), List.of(a.where()), udp, clock::get, wall::get, random, listener, drops);
        Thread pump = new Thread(() -> {                       // node socket → the node's inbox
            byte[] b = new byte[2048];
            while (!sock.isClosed()) {
                DatagramPacket p = new DatagramPacket(b, b.length);
                try {
                    sock.receive(p);
                } catch (IOException e) {
                    continue;
                }
                udpClient = p.getSocketAddress();
                a.inbox.add(Arrays.copyOf(p.getData(), p.getLength()));
            }
        }, "test-node");
        pump.setDaemon(true);
        pump.start();
        receiver = new Thread(() -> {                           // mirrors TapClient's receiver
            PacketCipher c = new PacketCipher();
            byte[] pkt = new byte[OverlayHeader.MAX_PACKET_LEN + 1];
            ByteBuffer buf = ByteBuffer.wrap(pkt);
            int n;
            while ((n = udp.receive(buf)) >= 0) {
                int f = n == 0 ? 0 : engine.onDatagram(c, pkt, n);
                if (f > 0) {
                    frames.add(Arrays.copyOfRange(pkt, ClientEngine.PAYLOAD_OFFSET, ClientEngine.PAYLOAD_OFFSET + f));
                }
            }
        }, "test-recv");
        receiver.setDaemon(true);
        receiver.start();

        join(a);
        byte[] frame = randomFrame(200);
        toClient(a.frame(frame));
        assertArrayEquals(frame, frames.poll(5, TimeUnit.SECONDS));
        byte[] pkt = sealFrame(frame);
        assertTrue(udp.send(ByteBuffer.wrap(pkt)));
        byte[] got = a.receiveSealed();
        assertEquals(PacketType.FRAME, got[0]);
        assertArrayEquals(frame, Arrays.copyOfRange(got, 1, got.length));
        engine.stop();
        byte[] bye = a.receiveSealed();
        assertEquals(PacketType.BYE, bye[0]);
        assertEquals(RejectReason.CLIENT_SHUTDOWN.code, bye[1]);
    }

    @Test
    void retriesBackOffWithJitterAndTheCap() throws Exception {
        FakeNode a = node("node-a");
        engine(a);
        long[] base = {1, 2, 4, 8, 16, 30, 30};                // seconds; doubling, capped at 30 s
        double[] jitter = {0, 0, 0, 0.999_999, 0.999_999, 0, 0.999_999, 0};   // 0 = 0.8 x, 0.999999 = 1.2 x
        random.fixed = jitter[0];
        engine.tick();
        long first = a.awaitCertRequest();
        long prev = first;
        for (int round = 0; round < base.length; round++) {
            double factor = 1 - Timeouts.JITTER + 2 * Timeouts.JITTER * jitter[round];
            random.fixed = jitter[round + 1];                 // drawn when the next request is sent
            long delay = (long) (base[round] * SEC * factor);
            advance(delay - 10 * MS);
            engine.tick();
            a.assertNothingReceived();
            advance(20 * MS);
            engine.tick();
            long id = a.awaitCertRequest();
            assertNotEquals(prev, id, "each round is a new request");
            prev = id;
        }
        assertNoEvents();
        // the CERT of an earlier round's request does not count
        a.sendCert(first);
        a.assertNothingReceived();
        assertTrue(drops.get(Drops.Reason.STRAY_REJECT) >= 1);
        a.sendCert(prev);
        ResponderHandshake hs1 = a.awaitInit();
        // the INIT is retried too (with the capped interval), as a new INIT: new index, newer timestamp, no CERT
        advance(37 * SEC);
        engine.tick();
        ResponderHandshake hs2 = a.awaitInit();
        assertNotEquals(hs1.initiatorIndex(), hs2.initiatorIndex());
        a.accept(1400);
        assertEquals("joined mtu 1400 via " + a.where() + " name node-a", events.poll());
    }

    @Test
    void jitterSpreadsTheFirstRetryWithARealRandom() throws Exception {
        // with the real random source the first retry comes between 0.8 s and 1.2 s, and not always at the same time
        List<Long> whens = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            nodes.clear();
            FakeNode a = node("node-a");
            engine(a);
            engine.tick();
            a.awaitCertRequest();
            advance(790 * MS);
            engine.tick();
            a.assertNothingReceived();
            long waited = 790;
            while (a.inbox.isEmpty()) {
                advance(10 * MS);
                waited += 10;
                engine.tick();
                assertTrue(waited <= 1210, "first retry after at most 1.2 s");
            }
            a.awaitCertRequest();
            whens.add(waited);
        }
        assertTrue(whens.stream().distinct().count() > 1, "jitter: " + whens);
    }

    @Test
    void keepalivesAndLivenessThenRejoinWhenTheSessionIsDead() throws Exception {
        FakeNode a = node("node-a");
        engine(a);
        join(a);
        advance(14 * SEC);
        engine.tick();
        a.assertNothingReceived();
        advance(1 * SEC);
        engine.tick();
        assertEquals(PacketType.KEEPALIVE, a.receiveSealed()[0], "a KEEPALIVE every 15 s");
        advance(15 * SEC);
        engine.tick();
        assertEquals(PacketType.KEEPALIVE, a.receiveSealed()[0]);
        // an authenticated KEEPALIVE_ACK at 40 s keeps the session alive past 45 s
        advance(10 * SEC);
        toClient(a.sealed(PacketType.KEEPALIVE_ACK, new byte[0]));
        advance(10 * SEC);
        engine.tick();
        assertEquals(PacketType.KEEPALIVE, a.receiveSealed()[0]);
        assertNoEvents();
        // 45 s without anything authenticated: a new handshake (the key is known: no CERT round trip)
        int oldIndex = a.clientIndex;
        advance(36 * SEC);
        engine.tick();
        String w = events.poll();
        assertNotNull(w);
        assertTrue(w.startsWith("warn tap-client: nothing heard from node-a@" + a.where()), w);
        assertFalse(engine.isJoined());
        a.awaitInit();
        assertNotEquals(oldIndex, a.hs.initiatorIndex(), "a new session index");
        a.accept(1300);
        assertEquals("joined mtu 1300 via " + a.where() + " name node-a", events.poll());
        assertEquals(PacketType.KEEPALIVE, a.receiveSealed()[0]);
    }

    @Test
    void failsOverToTheNextNodeWhenOneDoesNotAnswer() throws Exception {
        FakeNode dead = node("dead");
        FakeNode b = node("node-b");
        engine(dead, b);
        random.fixed = 0.5;                                   // exactly 1 s
        engine.tick();
        dead.awaitCertRequest();
        advance(1 * SEC - 10 * MS);
        engine.tick();
        dead.assertNothingReceived();
        b.assertNothingReceived();
        advance(10 * MS + MS);
        engine.tick();
        b.awaitCertRequest();
        dead.assertNothingReceived();
        advance(2 * SEC + MS);
        engine.tick();
        dead.awaitCertRequest();                              // round robin, with back-off
        advance(4 * SEC + MS);
        engine.tick();
        b.sendCert(b.awaitCertRequest());
        handshakeAfterInit(b, 1380);
        assertEquals(List.of(dead.endpoint, b.endpoint, dead.endpoint, b.endpoint),
                ((MemTransport) transport).connects, "each round connects to its node");
    }

    @Test
    void unreachableTargetWarnsAndFailsOverWithBackoff() throws Exception {
        FakeNode b = node("node-b");
        List<HostPort> hps = List.of(new HostPort("127.0.0.1", 1), b.where());
        token = TestTokens.token(clientPriv, List.of(b.endpoint));
        transport = new MemTransport();
        engine = new ClientEngine(credentials(), hps, transport, clock::get, wall::get, random, listener, drops);
        random.fixed = 0.5;
        engine.tick();
        String w = events.poll();
        assertNotNull(w);
        assertTrue(w.startsWith("warn tap-client: cannot reach 127.0.0.1:1"), w);
        for (int i = 0; i < 5; i++) {                         // no new attempt (nor warning) at every tick
            advance(100 * MS);
            engine.tick();
        }
        assertNoEvents();
        advance(500 * MS + MS);
        engine.tick();
        b.awaitCertRequest();                                 // after the retry interval, the next target
    }

    // =================================================================================================
    // Refusals and BYE
    // =================================================================================================

    @Test
    void finalRefusalsEndTheClientWithExit3() throws Exception {
        for (RejectReason reason : RejectReason.values()) {
            if (!reason.isFinal()) {
                continue;
            }
            nodes.clear();
            events.clear();
            FakeNode a = node("node-a");
            FakeNode b = node("node-b");
            engine(a, b);
            engine.tick();
            a.sendCert(a.awaitCertRequest());
            a.awaitInit();
            byte[] refusal = a.refusal(reason);
            byte[] stray = refusal.clone();                   // the same refusal for another attempt: ignored
            OverlayCodec.putInt(stray, HandshakeLayout.RESP_OFFSET_RECEIVER, a.hs.initiatorIndex() + 1);
            long strays = drops.get(Drops.Reason.STRAY_REJECT);
            toClient(stray);
            assertEquals(strays + 1, drops.get(Drops.Reason.STRAY_REJECT));
            assertNoEvents();
            toClient(refusal);
            assertEquals("exit 3 tap-client: refused by " + a.describe() + ": " + reason.message, events.poll(), reason.name());
            assertNoEvents();
            advance(60 * SEC);                                // ended: no further attempt to any node
            engine.tick();
            a.assertNothingReceived();
            b.assertNothingReceived();
            assertFalse(engine.isJoined());
        }
    }

    @Test
    void nonFinalRefusalsFailOverToTheNextNode() throws Exception {
        for (RejectReason reason : List.of(RejectReason.NODE_SHUTDOWN, RejectReason.TOO_MANY_SESSIONS,
                RejectReason.NOT_SERVING, RejectReason.STALE_HANDSHAKE, RejectReason.UNKNOWN_SESSION)) {
            nodes.clear();
            events.clear();
            FakeNode a = node("node-a");
            FakeNode b = node("node-b");
            engine(a, b);
            engine.tick();
            a.sendCert(a.awaitCertRequest());
            a.awaitInit();
            toClient(a.refusal(reason));
            String w = events.poll();
            assertEquals("warn tap-client: " + a.describe() + " refused the session (" + reason.message
                    + "); trying the next node", w);
            advance(Timeouts.TICK_MILLIS * MS);
            engine.tick();
            a.assertNothingReceived();
            b.sendCert(b.awaitCertRequest());                 // failover to the next node, soon
            handshakeAfterInit(b, 1380);
        }
    }

    @Test
    void byeWithAFinalReasonEndsWithExit3() throws Exception {
        FakeNode a = node("node-a");
        engine(a);
        join(a);
        toClient(a.sealed(PacketType.BYE, new byte[]{(byte) RejectReason.REVOKED.code}));
        assertEquals("exit 3 tap-client: the node ended the session: " + RejectReason.REVOKED.message, events.poll());
        advance(60 * SEC);
        engine.tick();
        a.assertNothingReceived();
    }

    @Test
    void byeNodeShutdownRejoinsThroughTheNextNode() throws Exception {
        FakeNode a = node("node-a");
        FakeNode b = node("node-b");
        engine(a, b);
        join(a);
        toClient(a.sealed(PacketType.BYE, new byte[]{(byte) RejectReason.NODE_SHUTDOWN.code}));
        assertEquals("warn tap-client: " + a.describe() + " ended the session (" + RejectReason.NODE_SHUTDOWN.message
                + "); joining again", events.poll());
        assertFalse(engine.isJoined());
        b.sendCert(b.awaitCertRequest());
        handshakeAfterInit(b, 1380);
        a.assertNothingReceived();
    }

    @Test
    void byeOfAnOldSessionIsIgnored() throws Exception {
        FakeNode a = node("node-a");
        engine(a);
        join(a);
        TransportKeys oldKeys = a.keys;
        int oldClientIndex = a.clientIndex;
        // rejoin (UNKNOWN_SESSION hint), then a BYE sealed under the old session
        advance(1 * SEC);
        toClient(unknownSession(a.ownIndex));
        events.poll();
        a.awaitInit();
        a.accept(1380);
        events.poll();
        a.receiveSealed();
        toClient(a.sealedWith(oldKeys, oldClientIndex, 50, PacketType.BYE, new byte[]{(byte) RejectReason.REVOKED.code}));
        assertNoEvents();
        assertTrue(engine.isJoined());
    }

    @Test
    void stopSendsASealedByeAndEndsAllSending() throws Exception {
        FakeNode a = node("node-a");
        engine(a);
        join(a);
        engine.stop();
        byte[] bye = a.receiveSealed();
        assertEquals(PacketType.BYE, bye[0]);
        assertEquals(RejectReason.CLIENT_SHUTDOWN.code, bye[1]);
        engine.stop();                                        // idempotent
        advance(200 * SEC);
        engine.tick();
        a.assertNothingReceived();
        assertNoEvents();
    }

    // =================================================================================================
    // Certificates
    // =================================================================================================

    @Test
    void certificateOfAnotherOperatorIsRefusedAndTheClientFailsOver() throws Exception {
        FakeNode a = node("node-a");
        FakeNode b = node("node-b");
        engine(a, b);
        random.fixed = 0.5;
        engine.tick();
        long id = a.awaitCertRequest();
        // signed by another chain's operator (and naming it as author)
        a.sendCert(id, TestTokens.certificate(a.pub, "node-a", KeyId.of(TestTokens.OTHER_OPERATOR_KEY),
                TestTokens.OTHER_OPERATOR_SECRET));
        String w = events.poll();
        assertNotNull(w);
        assertTrue(w.startsWith("warn tap-client: " + a.where() + " presented a certificate that does not verify"), w);
        assertTrue(w.contains("not signed by this chain's operator key"), w);
        assertEquals(1, drops.get(Drops.Reason.BAD_AUTH));
        // naming our operator but signed by another key
        a.sendCert(id, TestTokens.certificate(a.pub, "node-a", KeyId.of(TestTokens.OPERATOR_KEY),
                TestTokens.OTHER_OPERATOR_SECRET));
        w = events.poll();
        assertNotNull(w);
        assertTrue(w.contains("signature does not verify"), w);
        a.assertNothingReceived();                            // no handshake to that node
        advance(1 * SEC + MS);
        engine.tick();
        b.sendCert(b.awaitCertRequest());                     // failover
        handshakeAfterInit(b, 1380);
        a.assertNothingReceived();
    }

    @Test
    void certificateForAnotherRequestIdIsIgnored() throws Exception {
        FakeNode a = node("node-a");
        engine(a);
        engine.tick();
        long id = a.awaitCertRequest();
        a.sendCert(id + 1);
        a.sendCert(id ^ 0x8000_0000_0000_0000L);
        a.assertNothingReceived();
        assertEquals(2, drops.get(Drops.Reason.STRAY_REJECT));
        assertNoEvents();
        a.sendCert(id);
        handshakeAfterInit(a, 1380);
        a.sendCert(id);                                       // a late duplicate after joining: only counted
        assertEquals(3, drops.get(Drops.Reason.STRAY_REJECT));
        assertNoEvents();
        a.assertNothingReceived();
    }

    // =================================================================================================
    // RESPONSE and COOKIE
    // =================================================================================================

    @Test
    void forgedResponseDoesNotSpoilTheAttempt() throws Exception {
        FakeNode a = node("node-a");
        engine(a);
        engine.tick();
        a.sendCert(a.awaitCertRequest());
        ResponderHandshake hs = a.awaitInit();
        byte[] forged = new byte[HandshakeLayout.RESP_LEN];
        forged[0] = MessageKind.RESPONSE;
        OverlayCodec.putInt(forged, HandshakeLayout.RESP_OFFSET_SENDER, 77);
        OverlayCodec.putInt(forged, HandshakeLayout.RESP_OFFSET_RECEIVER, hs.initiatorIndex());
        byte[] garbage = randomFrame(HandshakeLayout.RESP_NOISE_LEN);
        System.arraycopy(garbage, 0, forged, HandshakeLayout.RESP_OFFSET_NOISE, garbage.length);
        HandshakeMacs.writeMac(HandshakeMacs.mac1Key(clientPub), forged, HandshakeLayout.RESP_OFFSET_MAC1);
        toClient(forged);
        // a valid point as "e" but a garbage ciphertext
        System.arraycopy(X25519Keys.publicOf(X25519Keys.generatePrivate(TestTokens.RANDOM)), 0, forged,
                HandshakeLayout.RESP_OFFSET_NOISE, 32);
        HandshakeMacs.writeMac(HandshakeMacs.mac1Key(clientPub), forged, HandshakeLayout.RESP_OFFSET_MAC1);
        toClient(forged);
        assertEquals(2, drops.get(Drops.Reason.BAD_AUTH));
        assertNoEvents();
        assertFalse(engine.isJoined());
        a.accept(1380);                                       // the genuine RESPONSE still joins
        assertEquals("joined mtu 1380 via " + a.where() + " name node-a", events.poll());
        assertEquals(PacketType.KEEPALIVE, a.receiveSealed()[0]);
    }

    @Test
    void unauthenticatedCookiesAreIgnored() throws Exception {
        FakeNode a = node("node-a");
        engine(a);
        engine.tick();
        a.sendCert(a.awaitCertRequest());
        ResponderHandshake hs = a.awaitInit();
        byte[] mac1 = Arrays.copyOfRange(a.lastInit, HandshakeLayout.INIT_OFFSET_MAC1, HandshakeLayout.INIT_OFFSET_MAC2);
        byte[] cookieKey = HandshakeMacs.cookieKey(a.pub);
        byte[] c = new byte[HandshakeLayout.COOKIE_LEN];
        // for another sender index
        HandshakeMacs.writeCookieReply(c, hs.initiatorIndex() + 1, randomFrame(12), randomFrame(16), cookieKey, mac1);
        toClient(c);
        assertEquals(1, drops.get(Drops.Reason.STRAY_REJECT));
        // right index, wrong AAD (not our INIT's mac1)
        HandshakeMacs.writeCookieReply(c, hs.initiatorIndex(), randomFrame(12), randomFrame(16), cookieKey, randomFrame(16));
        toClient(c);
        // right index and AAD, sealed under another node's cookie key
        HandshakeMacs.writeCookieReply(c, hs.initiatorIndex(), randomFrame(12), randomFrame(16),
                HandshakeMacs.cookieKey(X25519Keys.publicOf(X25519Keys.generatePrivate(TestTokens.RANDOM))), mac1);
        toClient(c);
        assertEquals(2, drops.get(Drops.Reason.BAD_AUTH));
        // wrong length
        toClient(Arrays.copyOf(c, c.length - 1));
        a.assertNothingReceived();
        assertNoEvents();
        a.accept(1380);
        assertEquals("joined mtu 1380 via " + a.where() + " name node-a", events.poll());
    }

    @Test
    void validCookieMakesTheEngineResendTheInitWithMac2AtOnce() throws Exception {
        FakeNode a = node("node-a");
        engine(a);
        random.fixed = 0.5;
        engine.tick();
        a.sendCert(a.awaitCertRequest());
        ResponderHandshake hs = a.awaitInit();
        byte[] init1 = a.lastInit;
        assertArrayEquals(new byte[16], Arrays.copyOfRange(init1, HandshakeLayout.INIT_OFFSET_MAC2, HandshakeLayout.INIT_LEN),
                "no cookie yet: mac2 is zero");
        byte[] cookie = randomFrame(16);
        byte[] c = new byte[HandshakeLayout.COOKIE_LEN];
        HandshakeMacs.writeCookieReply(c, hs.initiatorIndex(), randomFrame(12), cookie, HandshakeMacs.cookieKey(a.pub),
                Arrays.copyOfRange(init1, HandshakeLayout.INIT_OFFSET_MAC1, HandshakeLayout.INIT_OFFSET_MAC2));
        toClient(c);
        byte[] init2 = a.next();                              // at once, without a tick
        assertEquals(MessageKind.INIT, init2[0]);
        assertArrayEquals(Arrays.copyOf(init1, HandshakeLayout.INIT_OFFSET_MAC2), Arrays.copyOf(init2, HandshakeLayout.INIT_OFFSET_MAC2),
                "the same INIT (same index, timestamp, ephemeral), now with mac2");
        assertTrue(ResponderHandshake.checkMac1(HandshakeMacs.mac1Key(a.pub), init2));
        assertTrue(ResponderHandshake.checkMac2(cookie, init2), "mac2 under the cookie");
        toClient(c);                                          // a second cookie for the same INIT: not answered again
        a.assertNothingReceived();
        // the next retry is a new INIT (new index); a COOKIE for it is again answered at once with mac2
        advance(1 * SEC + MS);
        engine.tick();
        byte[] init3 = a.next();
        assertEquals(MessageKind.INIT, init3[0]);
        int index3 = OverlayCodec.getInt(init3, HandshakeLayout.INIT_OFFSET_SENDER);
        assertNotEquals(hs.initiatorIndex(), index3);
        byte[] cookie2 = randomFrame(16);
        HandshakeMacs.writeCookieReply(c, index3, randomFrame(12), cookie2, HandshakeMacs.cookieKey(a.pub),
                Arrays.copyOfRange(init3, HandshakeLayout.INIT_OFFSET_MAC1, HandshakeLayout.INIT_OFFSET_MAC2));
        toClient(c);
        byte[] init4 = a.next();
        assertArrayEquals(Arrays.copyOf(init3, HandshakeLayout.INIT_OFFSET_MAC2), Arrays.copyOf(init4, HandshakeLayout.INIT_OFFSET_MAC2));
        assertTrue(ResponderHandshake.checkMac2(cookie2, init4));
        assertEquals(0, drops.total(), drops.toString());
        assertNoEvents();
    }

    // =================================================================================================
    // Rekey
    // =================================================================================================

    /** Keeps the session alive (KEEPALIVE + ACK) while the clock moves to {@code target} since the session began. */
    private void keepAliveUntil(FakeNode n, long from, long target) throws Exception {
        while (clock.get() - from < target) {
            long step = Math.min(15 * SEC, target - (clock.get() - from));
            advance(step);
            engine.tick();
            while (!n.inbox.isEmpty()) {
                byte[] p = n.inbox.peek();
                if (p[0] != MessageKind.TRANSPORT) {
                    return;                                   // a handshake message: the caller looks at it
                }
                assertEquals(PacketType.KEEPALIVE, n.receiveSealed()[0]);
            }
            toClient(n.sealed(PacketType.KEEPALIVE_ACK, new byte[0]));
        }
    }

    /** The engine's current or previous session (white box: to check that keys are zeroed). */
    private ClientEngine.Session session(String field) throws Exception {
        java.lang.reflect.Field f = ClientEngine.class.getDeclaredField(field);
        f.setAccessible(true);
        return (ClientEngine.Session) f.get(engine);
    }

    @Test
    void keysOfASessionReplacedByARejoinAreZeroed() throws Exception {
        FakeNode a = node("node-a");
        engine(a);
        join(a);
        ClientEngine.Session first = session("current");
        advance(1 * SEC);
        toClient(unknownSession(a.ownIndex));
        events.poll();
        a.awaitInit();
        a.accept(1380);
        assertNotNull(events.poll());
        assertNotSame(first, session("current"));
        assertNull(session("previous"), "a rejoin keeps no previous session");
        assertTrue(first.keys.destroyed(), "the replaced session's keys are zeroed (no reference is left to them)");
    }

    @Test
    void rekeyRefusedNonFinallyKeepsTheSessionAndBacksOff() throws Exception {
        FakeNode a = node("node-a");
        engine(a);
        join(a);
        random.fixed = 0.5;
        keepAliveUntil(a, clock.get(), Timeouts.REKEY_AFTER);
        a.awaitInit();
        drainSealed(a);
        toClient(a.refusal(RejectReason.TOO_MANY_SESSIONS));
        events.poll();                                        // a warning
        assertTrue(engine.isJoined(), "the current session still works");
        for (int i = 0; i < 9; i++) {                         // no INIT at every tick: the next one after the back-off
            advance(100 * MS);
            engine.tick();
            assertEquals(List.of(), drainSealed(a));
            a.assertNothingReceived();
        }
        advance(100 * MS + MS);
        engine.tick();
        a.awaitInit();
        assertNoEvents();
    }

    @Test
    void theInitAfterAnUnknownSessionHintIsRetried() throws Exception {
        FakeNode a = node("node-a");
        engine(a);
        join(a);
        random.fixed = 0.5;
        advance(1 * SEC);
        toClient(unknownSession(a.ownIndex));
        events.poll();
        ResponderHandshake lost = a.awaitInit();             // lost on the way back
        advance(1 * SEC + MS);
        engine.tick();
        drainSealed(a);
        ResponderHandshake again = a.awaitInit();
        assertNotEquals(lost.initiatorIndex(), again.initiatorIndex());
        a.accept(1380);
        assertTrue(events.poll().startsWith("joined"));
    }

    /** Opens and returns the types of the TRANSPORT packets waiting at the head of the node's inbox. */
    private List<Byte> drainSealed(FakeNode n) throws Exception {
        List<Byte> types = new ArrayList<>();
        while (n.inbox.peek() != null && n.inbox.peek()[0] == MessageKind.TRANSPORT) {
            types.add(n.receiveSealed()[0]);
        }
        return types;
    }

    @Test
    void rekeyAfter120sWithTheSameNodeWhileTheOldSessionKeepsWorking() throws Exception {
        rekey(false);
    }

    @Test
    void rekeyAfter120sAlsoAfterANodeList() throws Exception {
        rekey(true);                                          // as every real node sends NODES right after joining
    }

    private void rekey(boolean nodeListFirst) throws Exception {
        FakeNode a = node("node-a");
        FakeNode b = node("node-b");
        engine(a, b);
        join(a);
        long start = clock.get();
        if (nodeListFirst) {
            toClient(a.sealed(PacketType.NODES, nodeList(a.entry(), b.entry())));
            assertNotNull(nodeEvents.poll());
        }
        keepAliveUntil(a, start, Timeouts.REKEY_AFTER - 100 * MS);
        a.assertNothingReceived();
        assertNoEvents();
        advance(100 * MS);
        engine.tick();
        TransportKeys oldKeys = a.keys;
        int oldOwn = a.ownIndex;
        int oldClient = a.clientIndex;
        ResponderHandshake hs = a.awaitInit();              // the new INIT goes to the same node
        assertEquals(List.of(PacketType.KEEPALIVE), drainSealed(a), "the 15 s KEEPALIVE under the old keys");
        b.assertNothingReceived();
        assertNotEquals(oldClient, hs.initiatorIndex());
        assertTrue(engine.isJoined());
        // frames still seal under the old keys, and the old session still receives
        byte[] f1 = randomFrame(80);
        byte[] p1 = sealFrame(f1);
        assertEquals(oldOwn, OverlayCodec.receiver(p1));
        assertArrayEquals(f1, Arrays.copyOfRange(a.openSealed(p1, oldKeys, oldOwn), 1, 81));
        byte[] in1 = randomFrame(70);
        assertEquals(70, toClient(a.frame(in1)));
        // after the RESPONSE: new keys at once, no second "joined", a KEEPALIVE confirms the new session
        long ctrOld = a.counter;
        ClientEngine.Session before = session("current");
        a.accept(1380);
        assertNoEvents();
        assertSame(before, session("previous"), "the old session is kept as the previous one");
        assertFalse(before.keys.destroyed());
        assertEquals(PacketType.KEEPALIVE, a.receiveSealed()[0]);
        byte[] f2 = randomFrame(90);
        byte[] p2 = sealFrame(f2);
        assertEquals(a.ownIndex, OverlayCodec.receiver(p2));
        assertArrayEquals(f2, Arrays.copyOfRange(a.openSealed(p2, a.keys, a.ownIndex), 1, 91));
        assertEquals(2, OverlayCodec.counter(p2), "the new session's counter starts again");
        // packets in flight under the previous keys are accepted until KEEP_PREVIOUS ...
        byte[] late = randomFrame(60);
        assertEquals(60, toClient(a.sealedWith(oldKeys, oldClient, ctrOld, PacketType.FRAME, late)));
        advance(Timeouts.KEEP_PREVIOUS - 100 * MS);
        engine.tick();
        drainSealed(a);
        byte[] late2 = a.sealedWith(oldKeys, oldClient, ctrOld + 1, PacketType.FRAME, late);
        assertEquals(60, toClient(late2.clone()));
        assertEquals(0, toClient(late2), "replay under the previous keys");
        assertFalse(before.keys.destroyed());
        // ... then dropped, and its keys zeroed
        advance(100 * MS);
        engine.tick();
        assertNull(session("previous"));
        assertTrue(before.keys.destroyed(), "the previous keys are zeroed after KEEP_PREVIOUS");
        long wrong = drops.get(Drops.Reason.WRONG_SESSION);
        assertEquals(0, toClient(a.sealedWith(oldKeys, oldClient, ctrOld + 2, PacketType.FRAME, late)));
        assertEquals(wrong + 1, drops.get(Drops.Reason.WRONG_SESSION));
        assertEquals(70, toClient(a.frame(randomFrame(70))), "the new session receives");
        assertNoEvents();
        assertEquals(List.of(), drainSealed(a).stream().filter(t -> t != PacketType.KEEPALIVE).toList());
        b.assertNothingReceived();
    }

    @Test
    void byeRightAfterARekeyDoesNotBreakTheTimer() throws Exception {
        FakeNode a = node("node-a");
        FakeNode b = node("node-b");
        engine(a, b);
        join(a);
        keepAliveUntil(a, clock.get(), Timeouts.REKEY_AFTER);
        a.awaitInit();
        drainSealed(a);
        a.accept(1380);
        a.receiveSealed();
        assertNoEvents();
        toClient(a.sealed(PacketType.BYE, new byte[]{(byte) RejectReason.NODE_SHUTDOWN.code}));
        assertTrue(events.poll().contains("ended the session"));
        b.awaitCertRequest();
        advance(100 * MS);
        assertDoesNotThrow(engine::tick, "tick with no current session but a previous one");
    }

    @Test
    void rekeyIsRetriedWhenTheResponseIsLost() throws Exception {
        FakeNode a = node("node-a");
        engine(a);
        join(a);
        random.fixed = 0.5;
        keepAliveUntil(a, clock.get(), Timeouts.REKEY_AFTER);
        ResponderHandshake first = a.awaitInit();
        drainSealed(a);
        advance(1 * SEC + MS);
        engine.tick();
        while (!a.inbox.isEmpty() && a.inbox.peek()[0] == MessageKind.TRANSPORT) {
            a.receiveSealed();
        }
        ResponderHandshake again = a.awaitInit();
        assertNotEquals(first.initiatorIndex(), again.initiatorIndex());
        assertTrue(engine.isJoined(), "the old session still serves while the rekey is retried");
    }

    // =================================================================================================
    // NODES and UNKNOWN_SESSION
    // =================================================================================================

    private static byte[] nodeList(NodeList.Entry... entries) {
        byte[] out = new byte[NodeList.maxLen()];
        int n = NodeList.write(List.of(entries), out, 0);
        return Arrays.copyOf(out, n);
    }

    @Test
    void nodesUpdateTheFailoverListAndTheListenerOncePerChange() throws Exception {
        FakeNode a = node("node-a");
        FakeNode b = node("node-b");
        FakeNode c = node("node-c");
        engine(a);
        assertEquals(List.of(a.where().toString()), engine.knownNodes());
        join(a);
        assertEquals(List.of(a.describe()), engine.knownNodes(), "the certificate named the node");
        toClient(a.sealed(PacketType.NODES, nodeList(a.entry(), b.entry())));
        assertEquals(List.of(a.describe(), b.describe()), nodeEvents.poll());
        assertEquals(List.of(a.describe(), b.describe()), engine.knownNodes());
        toClient(a.sealed(PacketType.NODES, nodeList(a.entry(), b.entry())));
        assertNull(nodeEvents.poll(), "the same list again: no call");
        toClient(a.sealed(PacketType.NODES, nodeList(c.entry(), a.entry(), b.entry())));
        assertEquals(List.of(c.describe(), a.describe(), b.describe()), nodeEvents.poll());
        assertEquals(List.of(c.describe(), a.describe(), b.describe()), engine.knownNodes());
        assertNull(nodeEvents.poll());
        // a malformed list is a counted drop and changes nothing
        toClient(a.sealed(PacketType.NODES, new byte[]{5, 1, 2}));
        assertEquals(1, drops.get(Drops.Reason.MALFORMED));
        assertEquals(List.of(c.describe(), a.describe(), b.describe()), engine.knownNodes());
        // failover uses the listed keys: straight to an INIT at the next node, no CERT round trip
        toClient(a.sealed(PacketType.BYE, new byte[]{(byte) RejectReason.NODE_SHUTDOWN.code}));
        events.poll();
        b.awaitInit();
        b.accept(1380);
        assertEquals("joined mtu 1380 via " + b.where() + " name node-b", events.poll());
        assertNoEvents();
    }

    @Test
    void unlistedHintsStayAsALastResortAndTheCurrentNodeIsKeptOnce() throws Exception {
        FakeNode a = node("node-a");
        FakeNode x = node("node-x");
        FakeNode b = node("node-b");
        engine(a, x);
        join(a);
        toClient(a.sealed(PacketType.NODES, nodeList(a.entry(), b.entry())));
        List<String> expected = List.of(a.describe(), b.describe(), x.where().toString());
        assertEquals(expected, nodeEvents.poll(), "a hint the list does not name stays, last");
        assertEquals(expected, engine.knownNodes());
        // the node we are on does not list itself (it is leaving the network?): it stays first, once
        toClient(a.sealed(PacketType.NODES, nodeList(b.entry())));
        expected = List.of(a.describe(), b.describe(), x.where().toString());
        assertEquals(expected, engine.knownNodes());
        assertNull(nodeEvents.poll(), "the described list did not change: no call");
    }

    @Test
    void theNodeWeAreOnKeepsTheAddressThatReachesItWhenItAdvertisesAnother() throws Exception {
        FakeNode a = node("node-a");
        FakeNode b = node("node-b");
        engine(a);
        join(a);
        // node-a's chain entry names another endpoint (another interface, or behind NAT) than the one we reached
        java.net.InetSocketAddress advertised = new java.net.InetSocketAddress("192.0.2.77", 4789);
        toClient(a.sealed(PacketType.NODES, nodeList(new NodeList.Entry(a.entry().x25519Key(), "node-a", advertised),
                b.entry())));
        assertEquals(List.of(a.describe(), b.describe(), "node-a@" + HostPort.of(advertised)), engine.knownNodes(),
                "the working address first; the advertised one is only an alternative, last among the listed");
    }

    private static byte[] unknownSession(int index) {
        byte[] p = new byte[5];
        p[0] = MessageKind.UNKNOWN_SESSION;
        OverlayCodec.putInt(p, 1, index);
        return p;
    }

    @Test
    void unknownSessionHintWithTheRightIndexRejoinsAtOnce() throws Exception {
        FakeNode a = node("node-a");
        engine(a);
        join(a);
        int first = a.clientIndex;
        toClient(unknownSession(a.ownIndex + 1));             // wrong index: only counted
        assertEquals(1, drops.get(Drops.Reason.STRAY_REJECT));
        toClient(Arrays.copyOf(unknownSession(a.ownIndex), 6)); // wrong length
        assertEquals(2, drops.get(Drops.Reason.STRAY_REJECT));
        a.assertNothingReceived();
        assertNoEvents();
        advance(1 * SEC);
        toClient(unknownSession(a.ownIndex));
        String w = events.poll();
        assertEquals("warn tap-client: " + a.describe() + " no longer knows our session (it restarted?); joining again", w);
        a.awaitInit();                                        // at once, no tick; the key is known: no CERT
        assertNotEquals(first, a.hs.initiatorIndex());
        a.accept(1280);
        assertEquals("joined mtu 1280 via " + a.where() + " name node-a", events.poll());
        assertEquals(PacketType.KEEPALIVE, a.receiveSealed()[0]);
    }

    @Test
    void unknownSessionHintBeforeJoiningIsOnlyCounted() throws Exception {
        FakeNode a = node("node-a");
        engine(a);
        engine.tick();
        a.awaitCertRequest();
        toClient(unknownSession(1));
        assertEquals(1, drops.get(Drops.Reason.STRAY_REJECT));
        a.assertNothingReceived();
        assertNoEvents();
    }

    // =================================================================================================
    // Drops: stray, unauthenticated, replayed, malformed
    // =================================================================================================

    @Test
    void strayAndUnauthenticatedMessagesAreOnlyCounted() throws Exception {
        FakeNode a = node("node-a");
        engine(a);
        join(a);
        long before = drops.total();
        byte[] resp = new byte[HandshakeLayout.RESP_LEN];
        resp[0] = MessageKind.RESPONSE;
        toClient(resp);                                       // no handshake under way
        byte[] c = new byte[HandshakeLayout.COOKIE_LEN];
        c[0] = MessageKind.COOKIE;
        toClient(c);                                          // no handshake under way
        byte[] cert = new byte[CertExchange.OFFSET_CERT + 10];
        cert[0] = MessageKind.CERT;
        toClient(cert);                                       // no request under way
        byte[] init = new byte[HandshakeLayout.INIT_LEN];
        init[0] = MessageKind.INIT;
        toClient(init);                                       // a client never takes an INIT
        toClient(new byte[]{MessageKind.CERT_REQUEST});
        toClient(new byte[]{(byte) 0x5f, 1, 2, 3});           // unknown kind
        toClient(new byte[]{0x00, 0x01, 0x00, 0x00});         // a STUN-like first byte
        assertEquals(before + 7, drops.total(), drops.toString());
        assertNoEvents();
        a.assertNothingReceived();
        assertTrue(engine.isJoined());
        assertEquals(3, drops.get(Drops.Reason.STRAY_REJECT), drops.toString());
        assertEquals(4, drops.get(Drops.Reason.UNKNOWN_TYPE), drops.toString());
        assertEquals(40, toClient(a.frame(randomFrame(40))));
        toClient(a.sealed((byte) 0x7e, new byte[3]));        // an unknown authenticated type: counted, session kept
        assertEquals(5, drops.get(Drops.Reason.UNKNOWN_TYPE));
        assertTrue(engine.isJoined());
        assertNoEvents();
    }

    @Test
    void replayedForgedAndForeignPacketsAreCountedDrops() throws Exception {
        FakeNode a = node("node-a");
        engine(a);
        join(a);
        byte[] sealed = a.frame(new byte[60]);
        assertEquals(60, toClient(sealed));
        assertEquals(0, toClient(sealed));                    // replay
        byte[] genuine = a.frame(new byte[60]);
        byte[] forged = genuine.clone();
        forged[50] ^= 1;
        assertEquals(0, toClient(forged));                    // bad tag
        byte[] otherSession = a.frame(new byte[60]);
        OverlayCodec.putInt(otherSession, OverlayHeader.OFFSET_RECEIVER, a.clientIndex + 1);
        assertEquals(0, toClient(otherSession));
        assertEquals(0, toClient(new byte[]{MessageKind.TRANSPORT, 0, 0, 0, 0, 0, 0, 0, 0, 0}));   // too short
        assertEquals(0, toClient(new byte[0]));
        byte[] runt = a.sealed(PacketType.FRAME, new byte[10]);          // shorter than an Ethernet header
        assertEquals(0, toClient(runt));
        assertEquals(1, drops.get(Drops.Reason.REPLAY));
        assertEquals(1, drops.get(Drops.Reason.BAD_AUTH));
        assertEquals(1, drops.get(Drops.Reason.WRONG_SESSION));
        assertEquals(3, drops.get(Drops.Reason.MALFORMED));
        assertEquals(1, frames.size());
        assertEquals(60, toClient(genuine), "a forgery does not burn its counter: the genuine packet still opens");
        assertTrue(engine.isJoined());
        assertNoEvents();
    }

    @Test
    void replayedControlPacketsAreDroppedToo() throws Exception {
        FakeNode a = node("node-a");
        FakeNode b = node("node-b");
        engine(a, b);
        join(a);
        byte[] nodes = a.sealed(PacketType.NODES, nodeList(a.entry(), b.entry()));
        toClient(nodes);
        nodeEvents.poll();
        byte[] bye = a.sealed(PacketType.BYE, new byte[]{(byte) RejectReason.REVOKED.code});
        byte[] ack = a.sealed(PacketType.KEEPALIVE_ACK, new byte[0]);
        toClient(ack);
        toClient(ack);
        toClient(nodes);
        assertEquals(2, drops.get(Drops.Reason.REPLAY));
        // a BYE with an older counter (inside the window) is fresh once; the second copy is a replay
        toClient(bye);
        assertTrue(events.poll().startsWith("exit 3"));
        toClient(bye);
        assertNoEvents();
    }

    // =================================================================================================
    // Robustness
    // =================================================================================================

    @Test
    void noDatagramThrowsOutOfOnDatagram() throws Exception {
        FakeNode a = node("node-a");
        FakeNode b = node("node-b");
        engine(a, b);
        SplittableRandom r = new SplittableRandom(20261202L);
        PacketCipher c = new PacketCipher();
        // waiting for a CERT
        engine.tick();
        a.awaitCertRequest();
        fuzz(r, c, 0);
        // waiting for a RESPONSE
        advance(60 * SEC);
        engine.tick();
        while (a.inbox.poll() != null) {
            // drained
        }
        long id = b.awaitCertRequest();
        b.sendCert(id);
        ResponderHandshake hs = b.awaitInit();
        fuzz(r, c, hs.initiatorIndex());
        b.accept(1380);
        events.clear();
        while (b.inbox.poll() != null) {
            // drained
        }
        // joined
        fuzz(r, c, b.clientIndex);
        assertTrue(engine.isJoined(), "nothing unauthenticated ends the session");
        assertEquals(50, toClient(b.frame(randomFrame(50))));
        for (String e : events) {
            assertFalse(e.startsWith("exit"), e);
        }
    }

    private void fuzz(SplittableRandom r, PacketCipher c, int index) {
        byte[] kinds = {MessageKind.INIT, MessageKind.RESPONSE, MessageKind.COOKIE, MessageKind.TRANSPORT,
                MessageKind.CERT_REQUEST, MessageKind.CERT, MessageKind.UNKNOWN_SESSION};
        int[] interesting = {0, 1, 4, 5, 6, 9, 10, 11, 13, 14, 29, 30, 31, 43, 44, 49, 92, 161, 250, 319, 320, 321, 1599, 1600};
        int n = 0;
        for (int first = 0; first < 256; first++) {        // every first byte, several lengths
            for (int k = 0; k < 4; n++, k++) {
                int len = k < 2 ? interesting[r.nextInt(interesting.length)] : r.nextInt(1601);
                feed(r, c, (byte) first, len, index, k % 2 == 0);
            }
        }
        for (int len = 0; len <= 1600; len++) {             // every length, one of our kinds first
            feed(r, c, kinds[r.nextInt(kinds.length)], len, index, len % 2 == 0);
            n++;
        }
        for (byte kind : kinds) {                           // the exact lengths each kind checks for
            for (int len : interesting) {
                for (int k = 0; k < 8; k++) {
                    feed(r, c, kind, len, index, k % 2 == 0);
                    n++;
                }
            }
        }
        assertTrue(n > 3000, "fed " + n);
    }

    private void feed(SplittableRandom r, PacketCipher c, byte first, int len, int index, boolean exactArray) {
        byte[] pkt = new byte[exactArray ? len : OverlayHeader.MAX_PACKET_LEN + 1];
        r.nextBytes(pkt);
        if (len > 0) {
            pkt[0] = first;
        }
        if (len >= 9 && r.nextBoolean()) {
            OverlayCodec.putInt(pkt, first == MessageKind.RESPONSE ? HandshakeLayout.RESP_OFFSET_RECEIVER : 1, index);
        }
        try {
            engine.onDatagram(c, pkt, len);
        } catch (RuntimeException e) {
            throw new AssertionError("onDatagram threw for kind 0x" + Integer.toHexString(first & 0xff) + " length " + len
                    + (exactArray ? " (exact array)" : ""), e);
        }
    }
}
