package atenet.tapclient;

import atenet.wire.net.HostPort;
import atenet.wire.crypto.KeyId;
import atenet.wire.crypto.PacketCipher;
import atenet.wire.crypto.SessionKeys;
import atenet.wire.crypto.X25519Keys;
import atenet.wire.overlay.OverlayCodec;
import atenet.wire.overlay.OverlayHeader;
import atenet.wire.overlay.PacketType;
import atenet.wire.overlay.RejectReason;
import atenet.wire.token.AccessToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.spec.SecretKeySpec;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Layer: protocol engine + real UDP transport over loopback against a tiny fake node written here with the wire
 * classes; fake clock; no TAP. The receiver thread mirrors TapClient's and queues frames instead of writing a TAP.
 */
class ClientEngineTest {
    static final long SEC = 1_000_000_000L;

    /** The node side, from the protocol description in ClientEngine. */
    static final class FakeNode implements AutoCloseable {
        final byte[] priv = X25519Keys.generatePrivate(TestTokens.RANDOM);
        final byte[] pub = X25519Keys.publicOf(priv);
        final long keyId = KeyId.of(pub);
        final DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        final PacketCipher cipher = new PacketCipher();
        byte[] net;
        byte[] shared;
        SocketAddress client;
        long clientSession;
        long nodeSession = 0x1234_5678_9abcL;
        long counter = 1;
        SessionKeys keys;

        FakeNode() throws Exception {
            socket.setSoTimeout(5000);
        }

        InetSocketAddress endpoint() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        /** Receives one packet; returns it trimmed. */
        byte[] receive() throws Exception {
            DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
            socket.receive(p);
            client = p.getSocketAddress();
            return Arrays.copyOf(p.getData(), p.getLength());
        }

        /** Receives and checks a HELLO; returns the client's header counter. */
        long awaitHello(byte[] clientPub) throws Exception {
            byte[] pkt = receive();
            assertEquals(KeyId.of(clientPub), OverlayCodec.keyId(pkt));
            clientSession = OverlayCodec.sessionId(pkt);
            assertNotEquals(0, clientSession);
            shared = X25519Keys.agree(priv, clientPub);
            SecretKeySpec hello = SessionKeys.helloKey(shared, net, clientSession);
            int plain = cipher.open(pkt, pkt.length, hello);
            assertEquals(2, plain);
            assertEquals(PacketType.HELLO, pkt[40]);
            assertEquals(1, pkt[41]);
            return OverlayCodec.counter(pkt);
        }

        void sendHelloAck(int mtu) throws Exception {
            keys = SessionKeys.derive(shared, net, clientSession, nodeSession);
            byte[] pkt = new byte[64];
            pkt[41] = 1;
            OverlayCodec.putShort(pkt, 42, mtu);
            send(sealed(pkt, PacketType.HELLO_ACK, 3));
        }

        byte[] sealed(byte[] pkt, byte type, int payloadLen) {
            OverlayCodec.writeHeader(pkt, OverlayCodec.getLong(net, 0), OverlayCodec.getLong(net, 8), keyId, nodeSession, counter++);
            pkt[40] = type;
            int len = cipher.seal(pkt, 1 + payloadLen, keys == null ? null : keys.nodeToClient);
            return Arrays.copyOf(pkt, len);
        }

        byte[] frame(byte[] frame) {
            byte[] pkt = new byte[OverlayHeader.MAX_PACKET_LEN];
            System.arraycopy(frame, 0, pkt, 41, frame.length);
            return sealed(pkt, PacketType.FRAME, frame.length);
        }

        /** Receives a packet sealed under c2n; returns type followed by payload. */
        byte[] receiveSealed() throws Exception {
            byte[] pkt = receive();
            assertEquals(clientSession, OverlayCodec.sessionId(pkt));
            int plain = cipher.open(pkt, pkt.length, keys.clientToNode);
            assertTrue(plain >= 1, "c2n packet does not authenticate");
            return Arrays.copyOfRange(pkt, 40, 40 + plain);
        }

        void sendReject(long keyId, long session, RejectReason reason) throws Exception {
            byte[] pkt = new byte[OverlayHeader.REJECT_LEN];
            int len = OverlayCodec.writeReject(pkt, OverlayCodec.getLong(net, 0), OverlayCodec.getLong(net, 8), keyId, session, reason);
            send(Arrays.copyOf(pkt, len));
        }

        void send(byte[] pkt) throws Exception {
            socket.send(new DatagramPacket(pkt, pkt.length, client));
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    final AtomicLong clock = new AtomicLong(1000 * SEC);
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    final Drops drops = new Drops();
    final UdpTransport transport = new UdpTransport();
    FakeNode node;
    byte[] clientPriv;
    byte[] clientPub;
    ClientEngine engine;
    Thread receiver;

    @BeforeEach
    void setUp() throws Exception {
        node = new FakeNode();
        clientPriv = X25519Keys.generatePrivate(TestTokens.RANDOM);
        clientPub = X25519Keys.publicOf(clientPriv);
        AccessToken t = TestTokens.token(clientPriv, node.pub, node.endpoint());
        node.net = t.networkId();
        engine = new ClientEngine(t.networkId(), clientPriv,
                List.of(new ClientEngine.NodeTarget(HostPort.of(node.endpoint()), node.pub)), transport, clock::get,
                TestTokens.RANDOM, new ClientEngine.Listener() {
            @Override
            public void joined(ClientEngine.Joined j) {
                events.add("joined mtu " + j.advisedMtu() + " via " + j.via());
            }

            @Override
            public void warn(String line) {
                events.add("warn " + line);
            }

            @Override
            public void finished(int exitCode, String line) {
                events.add("exit " + exitCode + " " + line);
            }
        }, drops);
        receiver = new Thread(() -> {
            PacketCipher c = new PacketCipher();
            byte[] pkt = new byte[OverlayHeader.MAX_PACKET_LEN + 1];
            ByteBuffer buf = ByteBuffer.wrap(pkt);
            int n;
            while ((n = transport.receive(buf)) >= 0) {
                int f = n == 0 ? 0 : engine.onDatagram(c, pkt, n);
                if (f > 0) {
                    frames.add(Arrays.copyOfRange(pkt, ClientEngine.PAYLOAD_OFFSET, ClientEngine.PAYLOAD_OFFSET + f));
                }
            }
        }, "test-recv");
        receiver.setDaemon(true);
        receiver.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        transport.close();
        node.close();
        receiver.join(2000);
    }

    private void join() throws Exception {
        engine.tick();
        assertEquals(1, node.awaitHello(clientPub), "counters start at 1");
        node.sendHelloAck(1380);
        assertEquals("joined mtu 1380 via " + HostPort.of(node.endpoint()), events.poll(5, TimeUnit.SECONDS));
        byte[] ka = node.receiveSealed();
        assertEquals(PacketType.KEEPALIVE, ka[0], "a KEEPALIVE right after HELLO_ACK");
        assertTrue(engine.isJoined());
    }

    @Test
    void handshakeThenFramesBothWays() throws Exception {
        join();
        byte[] frame = new byte[100];
        TestTokens.RANDOM.nextBytes(frame);
        node.send(node.frame(frame));
        assertArrayEquals(frame, frames.poll(5, TimeUnit.SECONDS));

        byte[] pkt = new byte[OverlayHeader.MAX_PACKET_LEN];
        System.arraycopy(frame, 0, pkt, 41, frame.length);
        int len = engine.sealFrame(new PacketCipher(), pkt, frame.length);
        assertEquals(frame.length + OverlayHeader.OVERHEAD, len);
        assertEquals(3, OverlayCodec.counter(pkt), "HELLO=1, KEEPALIVE=2, frame=3");
        assertTrue(transport.send(ByteBuffer.wrap(pkt, 0, len)));
        byte[] got = node.receiveSealed();
        assertEquals(PacketType.FRAME, got[0]);
        assertArrayEquals(frame, Arrays.copyOfRange(got, 1, got.length));
    }

    @Test
    void retransmitsWithBackoffAndKeepalives() throws Exception {
        engine.tick();
        node.awaitHello(clientPub);
        clock.addAndGet(SEC / 2);
        engine.tick();                                   // before 0.8 s: nothing
        clock.addAndGet(SEC * 7 / 10);                   // 1.2 s > 1 s + 20 %
        engine.tick();
        assertEquals(2, node.awaitHello(clientPub), "retransmit, same session, next counter");
        node.sendHelloAck(1400);
        events.poll(5, TimeUnit.SECONDS);
        assertEquals(PacketType.KEEPALIVE, node.receiveSealed()[0]);
        clock.addAndGet(15 * SEC);
        engine.tick();
        assertEquals(PacketType.KEEPALIVE, node.receiveSealed()[0]);
        // 45 s without anything authenticated: a new handshake with a new clientSession
        long old = engine.clientSession();
        clock.addAndGet(46 * SEC);
        engine.tick();
        assertTrue(events.poll(5, TimeUnit.SECONDS).startsWith("warn tap-client: nothing heard"));
        assertEquals(1, node.awaitHello(clientPub));
        assertNotEquals(old, node.clientSession);
    }

    @Test
    void finalRejectEndsWithExit3() throws Exception {
        engine.tick();
        node.awaitHello(clientPub);
        node.sendReject(engine.ownKeyId(), node.clientSession + 1, RejectReason.REVOKED);   // another session: ignored
        node.sendReject(engine.ownKeyId(), node.clientSession, RejectReason.REVOKED);
        assertEquals("exit 3 tap-client: refused by " + HostPort.of(node.endpoint()) + ": " + RejectReason.REVOKED.message,
                events.poll(5, TimeUnit.SECONDS));
        assertEquals(1, drops.get(Drops.Reason.STRAY_REJECT));
    }

    @Test
    void unknownSessionRejectStartsANewHandshakeAtOnce() throws Exception {
        join();
        long first = node.clientSession;
        node.sendReject(engine.ownKeyId(), first, RejectReason.UNKNOWN_SESSION);
        assertEquals(1, node.awaitHello(clientPub));
        assertNotEquals(first, node.clientSession);
    }

    @Test
    void byeRevokedEndsWithExit3() throws Exception {
        join();
        byte[] pkt = new byte[64];
        pkt[41] = (byte) RejectReason.REVOKED.code;
        node.send(node.sealed(pkt, PacketType.BYE, 1));
        assertEquals("exit 3 tap-client: the node ended the session: " + RejectReason.REVOKED.message,
                events.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void replayedForgedAndForeignPacketsAreCountedDrops() throws Exception {
        join();
        byte[] frame = new byte[60];
        byte[] sealed = node.frame(frame);
        node.send(sealed);
        node.send(sealed);                                     // replay
        byte[] forged = sealed.clone();
        forged[50] ^= 1;
        node.send(forged);                                     // bad tag
        byte[] otherSession = sealed.clone();
        OverlayCodec.putLong(otherSession, OverlayHeader.OFFSET_SESSION_ID, 99);
        node.send(otherSession);
        node.send(new byte[10]);                               // too short
        assertNotNull(frames.poll(5, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + 5 * SEC;
        while (drops.total() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, drops.get(Drops.Reason.REPLAY));
        assertEquals(1, drops.get(Drops.Reason.BAD_AUTH));
        assertEquals(1, drops.get(Drops.Reason.WRONG_SESSION));
        assertEquals(1, drops.get(Drops.Reason.MALFORMED));
        assertNull(frames.poll(100, TimeUnit.MILLISECONDS));
    }

    @Test
    void stopSendsASealedBye() throws Exception {
        join();
        engine.stop();
        byte[] bye = node.receiveSealed();
        assertEquals(PacketType.BYE, bye[0]);
        assertEquals(RejectReason.CLIENT_SHUTDOWN.code, bye[1]);
    }
}
