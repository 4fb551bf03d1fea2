package atenet.tapclient;

import atenet.tap.TapDevice;
import atenet.wire.crypto.PacketCipher;
import atenet.wire.crypto.X25519Keys;
import atenet.wire.handshake.HandshakeLayout;
import atenet.wire.handshake.ResponderHandshake;
import atenet.wire.handshake.TransportKeys;
import atenet.wire.identity.CertExchange;
import atenet.wire.identity.NodeCertificate;
import atenet.wire.net.HostPort;
import atenet.wire.overlay.MessageKind;
import atenet.wire.overlay.OverlayCodec;
import atenet.wire.overlay.OverlayHeader;
import atenet.wire.overlay.PacketType;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Warms the client's whole per-frame path before the user's first packet: a throwaway {@link TapClient} (its own
 * keys, a made-up chain, a TAP that exists only in memory) joins a throwaway echo node on 127.0.0.1 inside this
 * process and pushes a few thousand frames through the real reader, sealer, UDP batching, receiver, opener and
 * TAP-side coalescing, so the JIT has compiled them before the real session's first frame (docs/benchmark.md,
 * "Latency"). About a second of one core at start, on a background thread; nothing leaves the host; failures are
 * ignored.
 */
final class ClientWarmup {
    private ClientWarmup() {
    }

    /** A TAP in memory: reads hand out queued frames, writes are counted. */
    private static final class MemoryTap implements TapDevice {
        private final int vnet;
        private final BlockingQueue<byte[]> frames = new ArrayBlockingQueue<>(64);
        final AtomicLong written = new AtomicLong();

        MemoryTap(int vnet) {
            this.vnet = vnet;
        }

        @Override
        public String name() {
            return "warm-up";
        }

        @Override
        public int vnetHeaderLen() {
            return vnet;
        }

        @Override
        public int read(ByteBuffer buf) {
            byte[] f = frames.poll();
            if (f == null) {
                return -1;
            }
            buf.clear();
            buf.put(f);
            return f.length;
        }

        @Override
        public boolean awaitReadable(int timeoutMillis) {
            try {
                byte[] f = frames.poll(timeoutMillis, TimeUnit.MILLISECONDS);
                if (f == null) {
                    return false;
                }
                frames.offer(f);                         // put back for read(); order does not matter here
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public void write(ByteBuffer buf, int len) {
            written.incrementAndGet();
        }

        @Override
        public void close() {
        }
    }

    /** The other end: answers the certificate request and the handshake, then echoes every frame back. */
    private static final class EchoNode implements Runnable, AutoCloseable {
        final DatagramChannel ch;
        final byte[] priv;
        final byte[] chainId;
        final byte[] certificate;
        private final SecureRandom random;
        private volatile boolean running = true;

        EchoNode(SecureRandom random, byte[] chainId, byte[] operatorPriv) throws IOException {
            this.random = random;
            this.chainId = chainId;
            this.priv = X25519Keys.generatePrivate(random);
            byte[] signingKey = new byte[32];
            random.nextBytes(signingKey);
            this.certificate = NodeCertificate.issue(operatorPriv, 1, System.currentTimeMillis(), signingKey,
                    X25519Keys.publicOf(priv), "warm-up");
            ch = DatagramChannel.open();
            ch.bind(new InetSocketAddress("127.0.0.1", 0));
            ch.socket().setSoTimeout(200);
        }

        @Override
        public void run() {
            ByteBuffer in = ByteBuffer.allocate(65536);
            byte[] out = new byte[CertExchange.REQUEST_LEN];
            PacketCipher cipher = new PacketCipher();
            TransportKeys keys = null;
            int remote = 0;
            long counter = 1;
            while (running) {
                try {
                    in.clear();
                    java.net.SocketAddress from = ch.receive(in);
                    if (from == null) {
                        continue;
                    }
                    byte[] p = in.array();
                    int n = in.position();
                    if (CertExchange.isRequestFor(p, n, chainId)) {
                        ch.send(ByteBuffer.wrap(out, 0, CertExchange.writeReply(out, CertExchange.requestId(p), certificate)), from);
                    } else if (n > 0 && p[0] == MessageKind.INIT) {
                        ResponderHandshake hs = ResponderHandshake.read(priv, chainId, p, n);
                        if (hs != null) {
                            remote = hs.initiatorIndex();
                            keys = hs.accept(1 + random.nextInt(1 << 30), 1400, random, out);
                            ch.send(ByteBuffer.wrap(out, 0, HandshakeLayout.RESP_LEN), from);
                        }
                    } else if (keys != null && n >= OverlayHeader.MIN_SEALED_LEN && p[0] == MessageKind.TRANSPORT) {
                        int plain = cipher.open(p, n, keys.receive);
                        if (plain > 1 && p[OverlayHeader.OFFSET_TYPE] == PacketType.FRAME) {
                            OverlayCodec.writeHeader(p, remote, counter++);
                            ch.send(ByteBuffer.wrap(p, 0, cipher.seal(p, plain, keys.send)), from);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    if (!running) {
                        return;
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            running = false;
            ch.close();
        }
    }

    /**
     * @param frames frames to push through (and back)
     * @param vnetHeader the real TAP's virtio header length (0 or 10), so the same reader and writer paths warm up
     * @return milliseconds it took, or -1 when it could not run
     */
    static long run(int frames, int vnetHeader) {
        long t0 = System.nanoTime();
        SecureRandom random = new SecureRandom();
        byte[] operatorPriv = new byte[32];
        random.nextBytes(operatorPriv);
        byte[] operatorPub = new byte[32];
        Ed25519.generatePublicKey(operatorPriv, 0, operatorPub, 0);
        byte[] chainId = new byte[32];
        byte[] networkId = new byte[16];
        random.nextBytes(chainId);
        random.nextBytes(networkId);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        MemoryTap tap = new MemoryTap(vnetHeader);
        TapClient client = null;
        try (EchoNode node = new EchoNode(random, chainId, operatorPriv)) {
            Thread echo = new Thread(node, "atn-warmup-echo");
            echo.setDaemon(true);
            echo.start();
            InetSocketAddress at = (InetSocketAddress) node.ch.getLocalAddress();
            TapClient.Config cfg = new TapClient.Config("warm-up",
                    new ClientEngine.Credentials(chainId, operatorPub, networkId, X25519Keys.generatePrivate(random)),
                    List.of(HostPort.of(at)), "10.0.0.2/24", 0, false, true);
            client = new TapClient(cfg, tap, new InterfaceSetup() {
                @Override
                public void configure(String dev, String mac, int mtu, String cidr) {
                }

                @Override
                public void setMtu(String dev, int mtu) {
                }
            }, quiet, quiet, false);
            client.start();
            for (int i = 0; i < 100 && !client.engine().isJoined(); i++) {
                Thread.sleep(20);
            }
            if (!client.engine().isJoined()) {
                return -1;
            }
            byte[] frame = new byte[vnetHeader + 98];
            frame[vnetHeader + 12] = 0x08;
            for (int i = 0; i < frames; i++) {
                frame[vnetHeader] = (byte) i;                // a destination MAC, and enough to tell frames apart
                while (!tap.frames.offer(frame.clone(), 100, TimeUnit.MILLISECONDS)) {
                    if (System.nanoTime() - t0 > 10_000_000_000L) {
                        return -1;
                    }
                }
                while (tap.written.get() < i - 32 && System.nanoTime() - t0 < 10_000_000_000L) {
                    Thread.onSpinWait();
                }
            }
            return (System.nanoTime() - t0) / 1_000_000;
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } finally {
            if (client != null) {
                client.stop();
            }
        }
    }

}
