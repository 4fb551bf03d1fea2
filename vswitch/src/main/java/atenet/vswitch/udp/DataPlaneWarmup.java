package atenet.vswitch.udp;

import atenet.wire.crypto.KeyId;
import atenet.wire.crypto.PacketCipher;
import atenet.wire.crypto.X25519Keys;
import atenet.wire.frame.KeyMac;
import atenet.wire.frame.MacAddress;
import atenet.wire.handshake.HandshakeLayout;
import atenet.wire.handshake.InitiatorHandshake;
import atenet.wire.handshake.Tai64n;
import atenet.wire.overlay.MessageKind;
import atenet.wire.overlay.OverlayCodec;
import atenet.wire.overlay.OverlayHeader;
import atenet.wire.overlay.PacketType;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/**
 * Warms the node's whole per-packet path before the first user's packet: a throwaway data plane (its own socket
 * on 127.0.0.1, its own keys, chain id and network, nothing shared with the real one) and two throwaway clients
 * on loopback exchange a few thousand frames through it — receive (GRO), open, replay window, switch, seal, send
 * (GSO) — so the JIT has compiled exactly the code the real data plane runs (the same classes, the same socket
 * type). Without it, the first hundreds of packets ran interpreted or half-compiled while the compiler threads
 * competed for the CPU: the first 50 pings of a fresh node averaged 1.4–1.8 ms instead of 0.5 (docs/benchmark.md).
 * Runs on a low-priority background thread at start, about a second of one core; failures are ignored.
 */
public final class DataPlaneWarmup {
    private DataPlaneWarmup() {
    }

    /** A loopback client of the warm-up plane: just enough of the protocol to join and exchange frames. */
    private static final class Client implements AutoCloseable {
        final byte[] priv;
        final byte[] pub;
        final DatagramChannel ch;
        final PacketCipher cipher = new PacketCipher();
        final ByteBuffer buf = ByteBuffer.allocate(OverlayHeader.MAX_PACKET_LEN + 64);
        atenet.wire.handshake.TransportKeys keys;
        int remoteIndex;
        long counter = 1;

        Client(SecureRandom random, InetSocketAddress node) throws IOException {
            priv = X25519Keys.generatePrivate(random);
            pub = X25519Keys.publicOf(priv);
            ch = DatagramChannel.open();
            ch.bind(new InetSocketAddress("127.0.0.1", 0));
            ch.connect(node);
            ch.configureBlocking(true);
            ch.socket().setSoTimeout(500);
        }

        long mac() {
            return KeyMac.of(pub);
        }

        boolean join(byte[] nodePub, byte[] chainId, byte[] networkId, SecureRandom random) throws IOException {
            InitiatorHandshake hs = new InitiatorHandshake(priv, nodePub, chainId, networkId, 1 + random.nextInt(1 << 30),
                    Tai64n.of(System.currentTimeMillis(), 0), random);
            byte[] init = new byte[HandshakeLayout.INIT_LEN];
            ch.write(ByteBuffer.wrap(init, 0, hs.writeInit(init, null)));
            for (int tries = 0; tries < 4; tries++) {
                int n = receive();
                if (n == HandshakeLayout.RESP_LEN && buf.get(0) == MessageKind.RESPONSE) {
                    InitiatorHandshake.Response r = hs.readResponse(buf.array(), n);
                    if (r != null && r.accepted()) {
                        keys = r.keys();
                        remoteIndex = r.remoteIndex();
                        send(PacketType.KEEPALIVE, null, 0);   // confirms the session: we become a switch port
                        return true;
                    }
                    return false;
                }
            }
            return false;
        }

        void send(byte type, byte[] frame, int len) throws IOException {
            byte[] p = buf.array();
            OverlayCodec.writeHeader(p, remoteIndex, counter++);
            p[OverlayHeader.OFFSET_TYPE] = type;
            if (frame != null) {
                System.arraycopy(frame, 0, p, OverlayHeader.OFFSET_TYPE + 1, len);
            }
            int n = cipher.seal(p, 1 + (frame == null ? 0 : len), keys.send);
            ch.write(ByteBuffer.wrap(p, 0, n));
        }

        /** One datagram into buf (blocking, 500 ms at most); its length, or 0. */
        int receive() throws IOException {
            buf.clear();
            try {
                int n = ch.read(buf);
                return Math.max(n, 0);
            } catch (java.net.SocketTimeoutException e) {
                return 0;
            }
        }

        /** Reads until a frame arrives (or nothing for a while); opens it. */
        boolean receiveFrame() throws IOException {
            for (int tries = 0; tries < 8; tries++) {
                int n = receive();
                if (n == 0) {
                    return false;
                }
                if (buf.get(0) == MessageKind.TRANSPORT && cipher.open(buf.array(), n, keys.receive) > 0
                        && buf.get(OverlayHeader.OFFSET_TYPE) == PacketType.FRAME) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    /**
     * @param frames how many frames to switch (half each way)
     * @return milliseconds it took, or -1 when it could not run (nothing is affected then)
     */
    public static long run(int frames) {
        long t0 = System.nanoTime();
        SecureRandom random = new SecureRandom();
        byte[] nodePriv = X25519Keys.generatePrivate(random);
        byte[] chainId = new byte[32];
        byte[] networkId = new byte[16];
        random.nextBytes(chainId);
        random.nextBytes(networkId);
        long hi = OverlayCodec.getLong(networkId, 0);
        long lo = OverlayCodec.getLong(networkId, 8);
        UdpDataPlane plane = null;
        try {
            plane = UdpDataPlane.quiet(new InetSocketAddress("127.0.0.1", 0), new NodeIdentity(nodePriv, chainId, new byte[0]),
                    SwitchOptions.DEFAULTS);
            try (Client a = new Client(random, plane.localAddress()); Client b = new Client(random, plane.localAddress())) {
                Map<Long, AdmittedKey> keys = Map.of(
                        KeyId.of(a.pub), new AdmittedKey(KeyId.of(a.pub), hi, lo, a.pub, 0, false),
                        KeyId.of(b.pub), new AdmittedKey(KeyId.of(b.pub), hi, lo, b.pub, 0, false));
                plane.apply(new Admission(List.of(new NetworkInfo(networkId, hi, lo, "warm-up", "10.0.0.0/24", 1400)), keys, 0));
                plane.start();
                byte[] nodePub = X25519Keys.publicOf(nodePriv);
                if (!a.join(nodePub, chainId, networkId, random) || !b.join(nodePub, chainId, networkId, random)) {
                    return -1;
                }
                byte[] frame = new byte[98];
                for (int i = 0; i < frames; i++) {
                    Client from = (i & 1) == 0 ? a : b;
                    Client to = from == a ? b : a;
                    MacAddress.write(frame, 0, (i & 15) == 0 ? MacAddress.BROADCAST : to.mac());
                    MacAddress.write(frame, 6, from.mac());
                    frame[12] = 0x08;
                    from.send(PacketType.FRAME, frame, frame.length);
                    if (!to.receiveFrame()) {
                        return -1;
                    }
                }
            }
            return (System.nanoTime() - t0) / 1_000_000;
        } catch (IOException | RuntimeException e) {
            return -1;
        } finally {
            if (plane != null) {
                plane.close();
            }
        }
    }
}
