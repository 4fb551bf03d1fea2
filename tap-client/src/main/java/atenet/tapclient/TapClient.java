package atenet.tapclient;

import atenet.tap.TapDevice;
import atenet.tap.offload.TcpCoalescer;
import atenet.tap.offload.TsoSegmenter;
import atenet.tap.offload.VirtioNetHdr;
import atenet.wire.crypto.PacketCipher;
import atenet.wire.net.HostPort;
import atenet.wire.overlay.OverlayHeader;
import atenet.wire.token.AccessToken;
import atenet.wire.udp.UdpBatchSender;
import atenet.wire.udp.UdpGroReceiver;
import atenet.wire.udp.UdpGso;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * Wires a {@link TapDevice}, a {@link UdpTransport} and a {@link ClientEngine} together with three threads:
 * <pre>
 *  atn-tap-reader : poll(TAP, 300 ms) -> read until EAGAIN -> copy to pkt[41..] -> seal in place -> UDP write
 *  atn-udp-recv   : UDP read (blocking) -> open in place -> replay check -> frame to a direct buffer -> TAP write
 *                   -> up to 8 TAP reads of what the kernel answered at once -> sealed and sent as above
 *  atn-timer      : every 100 ms: handshake retransmits / failover, keepalive every 15 s, 45 s liveness
 * </pre>
 * The receive side owns its byte[] packet buffer, its ByteBuffers and its {@link PacketCipher}; the TAP side's are in
 * one {@link TapSide}, used by one thread at a time (a compare-and-set token, never a lock): nothing is allocated,
 * locked or logged per frame.
 */
public final class TapClient {
    /** What the client was started with. */
    public record Config(String networkName, ClientEngine.Credentials credentials, List<HostPort> targets,
                         String cidr, int mtuOverride, boolean verbose, boolean udpOffload) {
        /** With UDP offload (GSO/GRO batching) on. */
        public Config(String networkName, ClientEngine.Credentials credentials, List<HostPort> targets,
                      String cidr, int mtuOverride, boolean verbose) {
            this(networkName, credentials, targets, cidr, mtuOverride, verbose, true);
        }
    }

    /** Frames the start-up JIT warm-up ({@link ClientWarmup}) pushes through a throwaway client. */
    static final int WARMUP_FRAMES = 20_000;
    private final boolean warmUp;

    /** Datagrams taken in one receive batch (one blocking read, then non-blocking ones) when merging TCP segments. */
    static final int RECEIVE_BATCH = 64;

    /**
     * TAP frames the receiver reads, seals and sends at most after each of its writes to the TAP (see {@link TapSide}):
     * enough for the replies a write makes at once; a longer run is the TAP reader's, so the receiver gets back to
     * its socket.
     */
    static final int RECEIVER_TAP_READS = 8;

    /** Receives of more datagrams than this are a bulk stream: the receiver then leaves the TAP to its reader. */
    static final int RECEIVER_TAP_MAX_BATCH = 2;

    private final Config cfg;
    private final TapDevice tap;
    private final InterfaceSetup setup;
    private final PrintStream out;
    private final PrintStream err;
    private final UdpTransport transport;
    /** GSO sends: used when the kernel takes UDP_SEGMENT (probed at start); else one write per datagram. */
    private final boolean gso;
    private final ClientEngine engine;
    private final Drops drops = new Drops();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "atn-timer"));
    private volatile boolean running = true;
    private Thread reader;
    private Thread receiver;
    private TapSide tapSide;
    private int currentMtu;

    public TapClient(Config cfg, TapDevice tap, InterfaceSetup setup, PrintStream out, PrintStream err) {
        this(cfg, tap, setup, out, err, true);
    }

    /** @param warmUp run the start-up JIT warm-up ({@link ClientWarmup}) beside the real client */
    TapClient(Config cfg, TapDevice tap, InterfaceSetup setup, PrintStream out, PrintStream err, boolean warmUp) {
        this.warmUp = warmUp;
        this.cfg = cfg;
        this.tap = tap;
        this.setup = setup;
        this.out = out;
        this.err = err;
        this.transport = new UdpTransport(cfg.udpOffload());
        this.gso = transport.udpOffload() && probeGso();
        this.engine = new ClientEngine(cfg.credentials(), cfg.targets(), transport, System::nanoTime,
                System::currentTimeMillis, new SecureRandom(), new Listener(), drops);
    }

    /** Whether a fresh UDP socket takes UDP_SEGMENT and UDP_GRO; prints the one start line about UDP offload. */
    private boolean probeGso() {
        String why = null;
        boolean gsoOk = false;
        boolean groOk = false;
        try (java.nio.channels.DatagramChannel ch = java.nio.channels.DatagramChannel.open()) {
            int fd = UdpGso.fdOf(ch);
            gsoOk = UdpGso.gsoSupported(fd);
            groOk = UdpGso.setGro(fd, true);
        } catch (java.io.IOException e) {
            why = e.toString();
        }
        if (why == null && !gsoOk && !groOk) {
            why = "the kernel refused UDP_SEGMENT and UDP_GRO";
        }
        err.println(why != null ? "tap-client: UDP offload off: " + why + "; one system call per datagram"
                : "tap-client: UDP offload: gso " + (gsoOk ? "on" : "off") + ", gro " + (groOk ? "on" : "off"));
        return gsoOk;
    }

    public ClientEngine engine() {
        return engine;
    }

    /** Completes with the exit code when the node refused or ended the client for good. */
    public CompletableFuture<Integer> exit() {
        return exit;
    }

    /** Sets up the interface and starts the threads. @throws IllegalStateException when `ip` fails */
    public void start() {
        boolean v6 = false;
        try {
            v6 = AccessToken.isIpv6(cfg.targets().get(0).resolve());
        } catch (Exception ignored) {
            // resolved again by the handshake, which reports the problem
        }
        currentMtu = MtuPolicy.effective(cfg.mtuOverride(), v6, 0);
        byte[] pub = atenet.wire.crypto.X25519Keys.publicOf(cfg.credentials().accessPrivateKey());
        setup.configure(tap.name(), AddressPlan.macText(AddressPlan.mac(pub)), currentMtu, cfg.cidr());
        if (warmUp) {                                    // JIT-compile the per-frame path before the first frame
            Thread warm = daemon(() -> ClientWarmup.run(WARMUP_FRAMES, tap.vnetHeaderLen()), "atn-warmup");
            warm.setPriority(Thread.MIN_PRIORITY);
            warm.start();
        }
        tapSide = new TapSide();
        reader = new Thread(this::tapToUdp, "atn-tap-reader");
        receiver = new Thread(this::udpToTap, "atn-udp-recv");
        reader.setDaemon(true);
        receiver.setDaemon(true);
        reader.start();
        receiver.start();
        timer.scheduleAtFixedRate(this::tick, 0, Timeouts.TICK_MILLIS, TimeUnit.MILLISECONDS);
        if (cfg.verbose()) {
            timer.scheduleAtFixedRate(() -> err.println("tap-client: frames out=" + engine.framesOut() + " in="
                    + engine.framesIn() + " " + drops), 60, 60, TimeUnit.SECONDS);
        }
    }

    private void tick() {
        try {
            engine.tick();
        } catch (RuntimeException e) {
            err.println("tap-client: timer error: " + e);
        }
    }

    /** Sends BYE when joined, stops the threads, closes the socket and the TAP fd (the device disappears). Idempotent. */
    public void stop() {
        if (!running) {
            return;
        }
        engine.stop();
        running = false;
        timer.shutdownNow();
        transport.close();
        try {
            if (reader != null) {
                reader.join(2000);
            }
            if (receiver != null) {
                receiver.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tap.close();
        if (cfg.verbose()) {
            err.println("tap-client: stopped; frames out=" + engine.framesOut() + " in=" + engine.framesIn() + " " + drops);
        }
    }

    /**
     * The TAP reader's UDP output: with GSO, sealed packets gather in a {@link UdpBatchSender} run (same size, the
     * last may be shorter) and leave as one sendmsg when the run breaks or fills, and when the TAP read loop meets
     * EAGAIN ({@link #flush}); without it each packet is written at once, as before.
     */
    private final class Output implements UdpBatchSender.Failures {
        private final UdpBatchSender batch = gso ? new UdpBatchSender(OverlayHeader.MAX_PACKET_LEN, this) : null;
        private final ByteBuffer pktBuf;
        private final byte[] pkt;

        Output(byte[] pkt) {
            this.pkt = pkt;
            this.pktBuf = ByteBuffer.wrap(pkt);
        }

        void send(int len) {
            if (batch != null) {
                int fd = transport.fd();
                if (fd >= 0) {
                    batch.bind(fd);            // no-op unless the channel changed (another node)
                    batch.add(pkt, 0, len, null);
                    return;
                }
            }
            pktBuf.clear().limit(len);
            if (!transport.send(pktBuf)) {
                drops.count(Drops.Reason.SEND_FAILED);
            }
        }

        void flush() {
            if (batch != null) {
                batch.flush();
            }
        }

        @Override
        public void failed(int datagrams, int errno) {
            drops.count(Drops.Reason.SEND_FAILED, datagrams);
        }
    }

    /**
     * HOT PATH: TAP -> UDP, one object used by whichever thread holds its token: the TAP reader when the TAP wakes
     * it, or the receiver right after it wrote frames to the TAP ({@link #tryDrain}). A reply the kernel makes while
     * the receiver writes (an ICMP echo reply, a TCP ACK) is then read, sealed and sent by the receiver at once,
     * without waiting for the TAP reader to wake up: one thread wake-up fewer on the round trip (docs/benchmark.md).
     *
     * <p>Without offloads each read is one frame, copied to pkt[41..], sealed and sent. With offloads a read may hold
     * a TSO frame of up to 64 KB (one read instead of ~45) or a frame whose checksum is left to us; the
     * {@link TsoSegmenter} turns it into complete frames in pkt[41..], each sealed and sent the same way; the
     * segments of one read are a natural GSO run (equal size, the last shorter). The token's compare-and-set orders
     * every use of the buffers and the cipher between the two threads; reads stay in TAP order, sends in read order.
     */
    private final class TapSide {
        private final AtomicBoolean busy = new AtomicBoolean();
        private final PacketCipher cipher = new PacketCipher();
        private final byte[] pkt = new byte[OverlayHeader.MAX_PACKET_LEN];
        private final Output output = new Output(pkt);
        private final ByteBuffer frame;
        private final TapRead handler;

        TapSide() {
            IntConsumer sealAndSend = n -> {
                int len = engine.sealFrame(cipher, pkt, n);
                if (len >= 0) {
                    output.send(len);
                }
            };
            if (tap.vnetHeaderLen() == VirtioNetHdr.LEN) {
                TsoSegmenter seg = new TsoSegmenter(pkt, ClientEngine.PAYLOAD_OFFSET, OverlayHeader.MAX_PAYLOAD_LEN, sealAndSend::accept);
                frame = ByteBuffer.allocateDirect(VirtioNetHdr.LEN + 65536 + 1024);
                handler = (f, n) -> {
                    int r = seg.process(f, n);
                    if (r < 0) {
                        drops.count(r == TsoSegmenter.OVERSIZE ? Drops.Reason.OVERSIZE : Drops.Reason.MALFORMED);
                    }
                };
            } else {
                frame = ByteBuffer.allocateDirect(65536);
                handler = (f, n) -> {
                    if (n > OverlayHeader.MAX_PAYLOAD_LEN || n < 14) {
                        drops.count(Drops.Reason.OVERSIZE);
                        return;
                    }
                    f.get(0, pkt, ClientEngine.PAYLOAD_OFFSET, n);
                    sealAndSend.accept(n);
                };
            }
        }

        /**
         * Reads up to {@code maxReads} frames (fewer at EAGAIN), seals and sends them, unless another thread is at it.
         *
         * @return false when the other thread held the token (nothing was done)
         */
        boolean tryDrain(int maxReads) {
            if (!busy.compareAndSet(false, true)) {
                return false;
            }
            try {
                int n;
                for (int i = 0; i < maxReads && running && (n = tap.read(frame)) >= 0; i++) {
                    handler.handle(frame, n);
                }
                output.flush();
            } finally {
                busy.set(false);
            }
            return true;
        }
    }

    /** The TAP reader's loop: waits for the TAP (so a stop is noticed), then drains it until EAGAIN. */
    private void tapToUdp() {
        while (running) {
            if (tap.awaitReadable(Timeouts.TAP_POLL_MILLIS) && !tapSide.tryDrain(Integer.MAX_VALUE)) {
                Thread.onSpinWait();                     // the receiver is draining: the TAP stays readable until it is done
            }
        }
    }

    /** What one TAP read is turned into (sealed packets handed to the {@link Output}). */
    private interface TapRead {
        void handle(ByteBuffer frame, int n);
    }

    /**
     * Where opened frames go on their way to the TAP: written at once (a TAP without a virtio header), or merged by
     * the {@link TcpCoalescer} into large writes (TAP offloads on). {@link #pending()} tells the receive loop that
     * taking what is already waiting on the socket before {@link #flush()} is worth it.
     */
    private interface InboundFrames {
        void add(byte[] pkt, int off, int len);

        boolean pending();

        void flush();
    }

    /** Each frame written at once (no virtio header). */
    private InboundFrames directWrites() {
        ByteBuffer frame = ByteBuffer.allocateDirect(OverlayHeader.MAX_PACKET_LEN);
        return new InboundFrames() {
            @Override
            public void add(byte[] pkt, int off, int len) {
                frame.put(0, pkt, off, len);
                tap.write(frame, len);
            }

            @Override
            public boolean pending() {
                return false;
            }

            @Override
            public void flush() {
            }
        };
    }

    /** Runs of TCP segments merged into one write behind a virtio header; anything else written at once. */
    private InboundFrames coalesced() {
        TcpCoalescer gro = new TcpCoalescer(ByteBuffer.allocateDirect(VirtioNetHdr.LEN + 65536 + 1024), tap::write);
        return new InboundFrames() {
            @Override
            public void add(byte[] pkt, int off, int len) {
                gro.add(pkt, off, len);
            }

            @Override
            public boolean pending() {
                return gro.pending();
            }

            @Override
            public void flush() {
                gro.flush();
            }
        };
    }

    /**
     * HOT PATH: UDP -> TAP. One blocking receive (with UDP_GRO: one recvmsg, possibly several datagrams of the node);
     * each datagram is opened in pkt[] and its frame handed to the {@link InboundFrames}. When TCP segments are
     * pending there, what is already waiting on the socket is taken too (up to {@link #RECEIVE_BATCH} datagrams)
     * before the merged frames are written.
     */
    private void udpToTap() {
        InboundFrames frames = tap.vnetHeaderLen() == VirtioNetHdr.LEN ? coalesced() : directWrites();
        if (transport.udpOffload()) {
            udpToTapGro(frames);
        } else {
            udpToTapChannel(frames);
        }
    }

    private void udpToTapChannel(InboundFrames frames) {
        PacketCipher cipher = new PacketCipher();
        byte[] pkt = new byte[OverlayHeader.MAX_PACKET_LEN + 1];   // +1: a longer datagram shows as oversize
        ByteBuffer pktBuf = ByteBuffer.wrap(pkt);
        while (running) {
            int len = transport.receive(pktBuf);
            if (len <= 0) {
                if (len < 0) {
                    break;
                }
                continue;
            }
            open(cipher, pkt, len, frames);
            int taken = 1;
            if (frames.pending()) {
                if (transport.beginDrain()) {
                    try {
                        for (; taken < RECEIVE_BATCH && (len = transport.receiveNow(pktBuf)) > 0; taken++) {
                            open(cipher, pkt, len, frames);
                        }
                    } finally {
                        transport.endDrain();
                    }
                }
                frames.flush();
            }
            answerAtOnce(taken);
        }
    }

    private void udpToTapGro(InboundFrames frames) {
        PacketCipher cipher = new PacketCipher();
        byte[] pkt = new byte[OverlayHeader.MAX_PACKET_LEN + 1];   // +1: a longer datagram shows as oversize
        UdpGroReceiver rx = new UdpGroReceiver(false);
        while (running) {
            int n = transport.receiveGro(rx, Timeouts.TAP_POLL_MILLIS);
            if (n <= 0) {
                if (n < 0) {
                    break;
                }
                continue;
            }
            int taken = deliver(rx, n, cipher, pkt, frames);
            if (frames.pending()) {
                while (taken < RECEIVE_BATCH && (n = transport.receiveGroNow(rx)) > 0) {
                    taken += deliver(rx, n, cipher, pkt, frames);
                }
                frames.flush();
            }
            answerAtOnce(taken);
        }
    }

    /**
     * After a receive of at most {@link #RECEIVER_TAP_MAX_BATCH} datagrams (request/response traffic, not a bulk
     * stream), reads what the kernel answered at once from the TAP and sends it from this thread ({@link TapSide}).
     * Bulk streams leave their ACKs to the TAP reader, as they did before: measured, taking them here cost the
     * clients 8 % more CPU per GB for no gain in throughput.
     */
    private void answerAtOnce(int datagramsTaken) {
        if (datagramsTaken <= RECEIVER_TAP_MAX_BATCH) {
            tapSide.tryDrain(RECEIVER_TAP_READS);
        }
    }

    /** Opens each datagram of one GRO receive and hands its frame on. @return the number of datagrams */
    private int deliver(UdpGroReceiver rx, int n, PacketCipher cipher, byte[] pkt, InboundFrames frames) {
        int seg = rx.segmentSize();
        int count = 0;
        for (int off = 0; off < n; off += seg) {
            int len = Math.min(Math.min(seg, n - off), pkt.length);
            rx.copy(off, pkt, 0, len);
            count++;
            open(cipher, pkt, len, frames);
        }
        return count;
    }

    /** HOT PATH: one datagram in pkt[0..len): checked and opened by the engine; a frame goes on. */
    private void open(PacketCipher cipher, byte[] pkt, int len, InboundFrames frames) {
        int frameLen = engine.onDatagram(cipher, pkt, len);
        if (frameLen > 0) {
            frames.add(pkt, ClientEngine.PAYLOAD_OFFSET, frameLen);
        }
    }

    private final class Listener implements ClientEngine.Listener {
        @Override
        public void joined(ClientEngine.Joined j) {
            // Called on the receiver thread with the engine's monitor held: hand the `ip` call to the timer thread.
            timer.execute(() -> {
                int mtu = MtuPolicy.effective(cfg.mtuOverride(), AccessToken.isIpv6(j.endpoint()), j.advisedMtu());
                try {
                    if (mtu != currentMtu) {
                        setup.setMtu(tap.name(), mtu);
                        currentMtu = mtu;
                    }
                } catch (IllegalStateException e) {
                    err.println("tap-client: " + e.getMessage());
                }
                out.println("tap-client: joined network " + cfg.networkName() + " as " + cfg.cidr() + " on " + tap.name()
                        + " (mtu " + currentMtu + ") via " + (j.nodeName() == null ? "" : "node " + j.nodeName() + " at ")
                        + j.via());
                out.flush();
            });
        }

        @Override
        public void nodes(List<String> described) {
            out.println("tap-client: nodes of network " + cfg.networkName() + " (for failover): " + String.join(", ", described));
            out.flush();
        }

        @Override
        public void warn(String line) {
            err.println(line);
        }

        @Override
        public void finished(int exitCode, String line) {
            err.println(line);
            err.flush();
            exit.complete(exitCode);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
