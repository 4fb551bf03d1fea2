package atenet.vswitch.udp;

import atenet.wire.net.HostPort;
import atenet.vswitch.util.LongObjectMap;
import atenet.wire.crypto.PacketCipher;
import atenet.wire.crypto.SessionKeys;
import atenet.wire.overlay.OverlayCodec;
import atenet.wire.overlay.OverlayHeader;
import atenet.wire.overlay.PacketType;
import atenet.wire.overlay.RejectReason;
import atenet.wire.crypto.KeyId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

import static atenet.wire.overlay.OverlayHeader.OFFSET_TYPE;

/**
 * The node's UDP data plane: one thread that owns the socket, every client session and every
 * network's switch. Nothing here is shared: other threads talk to it only by posting commands
 * ({@link #execute}), which it runs between packets.
 *
 * <pre>
 * Inbound flow (HOT PATH, per packet):
 *   1. receive into rx[]                   length check          → drop MALFORMED
 *   2. session = sessions[session id]      none → HELLO path (cold, below)
 *   3. key id / network id match session   no → drop UNKNOWN_SESSION
 *   4. replay window: counter fresh?       no → drop REPLAY
 *   5. open in place with client→node key  fails → drop BAD_AUTH
 *   6. mark counter seen, note endpoint (roaming), confirm a half-open session
 *   7. FRAME → network's SwitchCore.forward → for each output port: seal with that
 *      session's node→client key into tx[], send.   KEEPALIVE → KEEPALIVE_ACK.  BYE → close.
 *
 * HELLO path (cold): network known? key known, unrevoked, unexpired? opens under the hello
 *   key? → new half-open session with a random node session id, answer HELLO_ACK.
 *   Otherwise a rate-limited, unauthenticated REJECT naming the reason, and a counted drop.
 * </pre>
 *
 * Allocation on the packet path: none of ours; the JDK's AES-GCM init allocates its parameter
 * copy. Locks: none (commands use a lock-free queue).
 *
 * The socket, with its UDP GRO/GSO batching (Linux), is {@link NodeSocket}: the data plane sees one datagram at a
 * time and flushes the pending send run at the end of every batch of work.
 */
public final class UdpDataPlane implements AutoCloseable {
    private static final int DRAIN_BATCH = 256;

    private final NodeSocket socket;
    private final NodeSocket.Receiver receiver = this::onPacket;
    private final byte[] rx = new byte[OverlayHeader.MAX_PACKET_LEN + 1];
    private final byte[] tx = new byte[OverlayHeader.MAX_PACKET_LEN];
    private final byte[] scratch = new byte[OverlayHeader.MAX_PACKET_LEN];
    /** For HELLOs only (cold path); sessions have their own ciphers. */
    private final PacketCipher cipher = new PacketCipher();
    private final LongObjectMap<ClientSession> sessions = new LongObjectMap<>(1024);
    private final Map<Long, List<ClientSession>> sessionsByKey = new HashMap<>();
    private final List<NetworkSlot> networks = new ArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final DropCounters drops = new DropCounters();
    private final SecureRandom random = new SecureRandom();
    private final long nodeKeyId;
    private final SwitchOptions switchOptions;
    private final TokenBucket rejects;
    private final TokenBucket hellos;
    private final Thread thread;
    private volatile boolean running = true;
    /** One more per loop turn (at least 10 a second when idle); read by the admin /healthz. Written by this thread only. */
    private volatile long loopIterations;
    private Admission admission = Admission.EMPTY;
    private long nextSweepNanos;
    private final LongSupplier nanoClock;
    private final LongSupplier wallClock;

    /**
     * Binds the UDP socket (so that a port in use fails here, before anything starts).
     *
     * @param nodeKeyId the id of this node's X25519 key: the sender key id of our packets
     */
    public UdpDataPlane(InetSocketAddress listen, long nodeKeyId, SwitchOptions switchOptions) throws IOException {
        this(listen, nodeKeyId, switchOptions, NodeSocket.offloadFromEnv(System.getenv("ATENET_UDP_OFFLOAD")));
    }

    /** @param udpOffload try UDP GSO/GRO on the socket (falls back by itself when the kernel refuses) */
    public UdpDataPlane(InetSocketAddress listen, long nodeKeyId, SwitchOptions switchOptions, boolean udpOffload)
            throws IOException {
        this(listen, nodeKeyId, switchOptions, udpOffload, System::nanoTime, System::currentTimeMillis);
    }

    /**
     * @param nanoClock monotonic time for timers (session idle, half-open, sweeps, MAC aging)
     * @param wallClock epoch millis for access-key expiry
     */
    UdpDataPlane(InetSocketAddress listen, long nodeKeyId, SwitchOptions switchOptions, boolean udpOffload,
                 LongSupplier nanoClock, LongSupplier wallClock) throws IOException {
        this.nodeKeyId = nodeKeyId;
        this.switchOptions = switchOptions;
        this.nanoClock = nanoClock;
        this.wallClock = wallClock;
        this.socket = new NodeSocket(listen, udpOffload, drops);
        this.rejects = new TokenBucket(Timeouts.REJECTS_PER_SECOND, nanoClock.getAsLong());
        this.hellos = new TokenBucket(Timeouts.HELLOS_PER_SECOND, nanoClock.getAsLong());
        this.thread = new Thread(this::run, "atenet-dataplane");
    }

    public InetSocketAddress localAddress() throws IOException {
        return socket.localAddress();
    }

    public void start() {
        thread.start();
    }

    /** Runs {@code command} on the data-plane thread, between packets. Thread-safe. */
    public void execute(Runnable command) {
        commands.add(command);
        socket.wakeup();
    }

    /** Swaps in a new admission snapshot; live sessions whose key is gone, revoked or expired end at once. */
    public void apply(Admission next) {
        execute(() -> applyAdmission(next));
    }

    /** Runs the periodic sweep now (timers' tests), then returns the status. */
    CompletableFuture<JsonObject> sweepAndStatus() {
        CompletableFuture<JsonObject> f = new CompletableFuture<>();
        execute(() -> {
            sweep(nanoClock.getAsLong());
            f.complete(statusJson());
        });
        return f;
    }

    /** Loop turns so far: a counter that stops moving means the data plane is stuck or dead. Thread-safe. */
    public long loopIterations() {
        return loopIterations;
    }

    /** A JSON status document, built on the data-plane thread. */
    public CompletableFuture<JsonObject> status() {
        CompletableFuture<JsonObject> f = new CompletableFuture<>();
        execute(() -> f.complete(statusJson()));
        return f;
    }

    // ------------------------------------------------------------------ loop

    private void run() {
        nextSweepNanos = nanoClock.getAsLong() + Timeouts.SWEEP_INTERVAL_NANOS;
        try {
            while (running) {
                loopIterations++;
                runCommands();
                long now = nanoClock.getAsLong();
                if (now >= nextSweepNanos) {
                    sweep(now);
                    nextSweepNanos = now + Timeouts.SWEEP_INTERVAL_NANOS;
                }
                int taken = socket.drain(rx, receiver, DRAIN_BATCH, now);
                socket.flush();                             // the end of a batch (commands, sweep, drain)
                if (taken == 0) {
                    socket.awaitReadable(Timeouts.SELECT_TIMEOUT_MILLIS);
                }
            }
        } catch (IOException e) {
            if (running) {
                System.err.println("vswitch: data plane stopped: " + e);
            }
        } finally {
            runCommands();
            socket.flush();
        }
    }

    private void runCommands() {
        Runnable r;
        while ((r = commands.poll()) != null) {
            try {
                r.run();
            } catch (RuntimeException e) {
                System.err.println("vswitch: data plane command failed: " + e);
            }
        }
    }

    // ------------------------------------------------------------------ inbound (HOT PATH)

    void onPacket(int len, InetSocketAddress from, long now) {
        if (!OverlayCodec.hasSealedLength(len)) {
            drops.count(DropReason.MALFORMED);
            return;
        }
        long sessionId = OverlayCodec.sessionId(rx);
        ClientSession s = sessions.get(sessionId);
        if (s == null) {
            onHello(len, from, now, sessionId);
            return;
        }
        if (s.keyId != OverlayCodec.keyId(rx) || s.network.idHi != OverlayCodec.networkHi(rx)
                || s.network.idLo != OverlayCodec.networkLo(rx)) {
            drops.count(DropReason.UNKNOWN_SESSION);
            return;
        }
        long counter = OverlayCodec.counter(rx);
        if (!s.replay.isFresh(counter)) {
            drops.count(DropReason.REPLAY);
            return;
        }
        if (!s.confirmed) {
            System.arraycopy(rx, 0, scratch, 0, len);   // a failed open may clobber rx
        }
        int plain = s.opener.open(rx, len, s.keys.clientToNode);
        if (plain < 1) {
            if (!s.confirmed && retransmittedHello(s, len, from, counter)) {
                return;
            }
            drops.count(DropReason.BAD_AUTH);
            return;
        }
        s.replay.accept(counter);
        s.lastRxNanos = now;
        s.rxPackets++;
        if (from != s.endpoint && !from.equals(s.endpoint)) {
            s.endpoint = from;                           // roaming: follow the authenticated source
            s.roams++;
        }
        s.localHi = socket.localHi();
        s.localLo = socket.localLo();
        if (!s.confirmed && !confirm(s)) {
            return;
        }
        switch (rx[OFFSET_TYPE]) {
            case PacketType.FRAME -> {
                int frameLen = plain - 1;
                if (frameLen < atenet.wire.frame.EthernetFrame.MIN_LEN) {
                    drops.count(DropReason.MALFORMED);
                } else {
                    s.network.forward(s.portIndex, rx, OFFSET_TYPE + 1, frameLen, now);
                }
            }
            case PacketType.KEEPALIVE -> sendControl(s, PacketType.KEEPALIVE_ACK, -1);
            case PacketType.BYE -> closeSession(s);
            default -> drops.count(DropReason.BAD_TYPE);
        }
    }

    /** A half-open session may see its HELLO again (our HELLO_ACK was lost): answer it again. */
    private boolean retransmittedHello(ClientSession s, int len, InetSocketAddress from, long counter) {
        System.arraycopy(scratch, 0, rx, 0, len);
        int plain = cipher.open(rx, len, s.helloKey);
        if (plain < 2 || rx[OFFSET_TYPE] != PacketType.HELLO) {
            return false;
        }
        s.replay.accept(counter);
        s.endpoint = from;
        s.localHi = socket.localHi();
        s.localLo = socket.localLo();
        sendHelloAck(s);
        return true;
    }

    private void onHello(int len, InetSocketAddress from, long now, long sessionId) {
        long hi = OverlayCodec.networkHi(rx);
        long lo = OverlayCodec.networkLo(rx);
        long keyId = OverlayCodec.keyId(rx);
        if (admission.refusal() != null) {                // fail closed: no session while the chain says no
            refuse(DropReason.NODE_REFUSING, RejectReason.NODE_SHUTDOWN, from, hi, lo, keyId, sessionId, now);
            return;
        }
        NetworkSlot net = network(hi, lo);
        if (net == null) {
            refuse(DropReason.UNKNOWN_NETWORK, RejectReason.UNKNOWN_NETWORK, from, hi, lo, keyId, sessionId, now);
            return;
        }
        AdmittedKey key = admission.key(keyId);
        if (key == null || key.networkHi() != hi || key.networkLo() != lo) {
            refuse(DropReason.UNKNOWN_KEY, RejectReason.UNKNOWN_KEY, from, hi, lo, keyId, sessionId, now);
            return;
        }
        if (key.revoked()) {
            refuse(DropReason.REVOKED_KEY, RejectReason.REVOKED, from, hi, lo, keyId, sessionId, now);
            return;
        }
        if (key.expiredAt(wallClock.getAsLong())) {
            refuse(DropReason.EXPIRED_KEY, RejectReason.EXPIRED, from, hi, lo, keyId, sessionId, now);
            return;
        }
        if (!hellos.tryAcquire(now)) {
            drops.count(DropReason.HELLO_RATE);          // before any key derivation or decryption
            return;
        }
        SecretKeySpec helloKey = SessionKeys.helloKey(key.shared(), net.id, sessionId);
        int plain = cipher.open(rx, len, helloKey);
        if (plain < 0) {
            // Not a HELLO of this key: most likely a packet of a session we no longer have
            // (this node restarted, or the session expired). Tell the client to handshake again.
            refuse(DropReason.UNKNOWN_SESSION, RejectReason.UNKNOWN_SESSION, from, hi, lo, keyId, sessionId, now);
            return;
        }
        if (plain < 2 || rx[OFFSET_TYPE] != PacketType.HELLO) {
            drops.count(DropReason.BAD_TYPE);
            return;
        }
        if (sessions.size() >= Timeouts.MAX_SESSIONS) {
            drops.count(DropReason.SESSION_LIMIT);
            return;
        }
        List<ClientSession> ofKey = sessionsByKey.computeIfAbsent(keyId, k -> new ArrayList<>(2));
        if (ofKey.size() >= Timeouts.MAX_SESSIONS_PER_KEY) {
            ClientSession oldest = ofKey.get(0);
            for (ClientSession c : ofKey) {
                if (c.lastRxNanos < oldest.lastRxNanos) {
                    oldest = c;
                }
            }
            drops.count(DropReason.SESSION_LIMIT);
            closeSession(oldest);
            ofKey = sessionsByKey.computeIfAbsent(keyId, k -> new ArrayList<>(2));
        }
        long nodeSession = nonZeroRandom();
        ClientSession s = new ClientSession(this, net, keyId, sessionId, nodeSession, helloKey,
                SessionKeys.derive(key.shared(), net.id, sessionId, nodeSession), from, now);
        s.replay.accept(OverlayCodec.counter(rx));
        s.localHi = socket.localHi();
        s.localLo = socket.localLo();
        sessions.put(sessionId, s);
        ofKey.add(s);
        sendHelloAck(s);
    }

    private boolean confirm(ClientSession s) {
        int index = s.network.attach(s);
        if (index < 0) {
            drops.count(DropReason.SESSION_LIMIT);
            closeSession(s);
            return false;
        }
        s.portIndex = index;
        s.confirmed = true;
        return true;
    }

    private void closeSession(ClientSession s) {
        if (s.confirmed) {
            s.network.detach(s);
            s.confirmed = false;
        }
        sessions.remove(s.clientSession);
        List<ClientSession> ofKey = sessionsByKey.get(s.keyId);
        if (ofKey != null) {
            ofKey.remove(s);
            if (ofKey.isEmpty()) {
                sessionsByKey.remove(s.keyId);
            }
        }
    }

    private NetworkSlot network(long hi, long lo) {
        for (int i = 0; i < networks.size(); i++) {
            NetworkSlot n = networks.get(i);
            if (n.idHi == hi && n.idLo == lo) {
                return n;
            }
        }
        return null;
    }

    private void refuse(DropReason drop, RejectReason reason, InetSocketAddress to, long hi, long lo, long keyId,
                        long sessionId, long now) {
        drops.count(drop);
        if (!rejects.tryAcquire(now)) {
            return;
        }
        int n = OverlayCodec.writeReject(tx, hi, lo, keyId, sessionId, reason);
        send(n, to, socket.localHi(), socket.localLo());     // from the address the refused packet came to
    }

    // ------------------------------------------------------------------ outbound (HOT PATH)

    /** Seals one frame for session {@code s} and sends it. Called by the switch via {@link ClientSession#transmit}. */
    void sendFrame(ClientSession s, byte[] frame, int off, int len) {
        if (len > OverlayHeader.MAX_PAYLOAD_LEN - 1) {
            drops.count(DropReason.MALFORMED);
            return;
        }
        System.arraycopy(frame, off, tx, OFFSET_TYPE + 1, len);
        tx[OFFSET_TYPE] = PacketType.FRAME;
        sealAndSend(s, 1 + len);
    }

    private void sendControl(ClientSession s, byte type, int reasonByte) {
        tx[OFFSET_TYPE] = type;
        if (reasonByte >= 0) {
            tx[OFFSET_TYPE + 1] = (byte) reasonByte;
            sealAndSend(s, 2);
        } else {
            sealAndSend(s, 1);
        }
    }

    private void sendHelloAck(ClientSession s) {
        tx[OFFSET_TYPE] = PacketType.HELLO_ACK;
        tx[OFFSET_TYPE + 1] = 1;                       // protocol version
        OverlayCodec.putShort(tx, OFFSET_TYPE + 2, s.network.mtu);
        sealAndSend(s, 4);
    }

    private void sealAndSend(ClientSession s, int plainLen) {
        OverlayCodec.writeHeader(tx, s.network.idHi, s.network.idLo, nodeKeyId, s.nodeSession, s.nextCounter());
        int n = s.sealer.seal(tx, plainLen, s.keys.nodeToClient);
        s.txPackets++;
        send(n, s.endpoint, s.localHi, s.localLo);
    }

    private void send(int len, InetSocketAddress to, long srcHi, long srcLo) {
        socket.send(tx, len, to, srcHi, srcLo);
    }

    // ------------------------------------------------------------------ cold path

    private void applyAdmission(Admission next) {
        admission = next;
        for (NetworkInfo info : next.networks()) {
            if (network(info.idHi(), info.idLo()) == null) {
                networks.add(new NetworkSlot(info, switchOptions));
            }
        }
        enforceKeys(wallClock.getAsLong());
    }

    /** Ends every session whose key the chain no longer admits, telling the client why. */
    private void enforceKeys(long nowMillis) {
        List<ClientSession> cut = new ArrayList<>();
        sessions.forEachValue(s -> {
            AdmittedKey k = admission.key(s.keyId);
            if (k == null || k.revoked() || k.expiredAt(nowMillis)) {
                cut.add(s);
            }
        });
        for (ClientSession s : cut) {
            AdmittedKey k = admission.key(s.keyId);
            RejectReason why = k == null && admission.refusal() != null ? RejectReason.NODE_SHUTDOWN // removed node
                    : k == null || k.revoked() ? RejectReason.REVOKED : RejectReason.EXPIRED;
            sendControl(s, PacketType.BYE, why.code);
            closeSession(s);
        }
    }

    private void sweep(long now) {
        List<ClientSession> idle = new ArrayList<>();
        sessions.forEachValue(s -> {
            long limit = s.confirmed ? Timeouts.SESSION_IDLE_NANOS : Timeouts.HALF_OPEN_NANOS;
            if (now - s.lastRxNanos > limit) {
                idle.add(s);
            }
        });
        idle.forEach(this::closeSession);
        enforceKeys(wallClock.getAsLong());
        for (NetworkSlot n : networks) {
            n.sweep(now);
        }
    }

    private long nonZeroRandom() {
        long v;
        do {
            v = random.nextLong();
        } while (v == 0);
        return v;
    }

    private JsonObject statusJson() {
        long now = nanoClock.getAsLong();
        JsonArray sess = new JsonArray();
        sessions.forEachValue(s -> sess.add(new JsonObject()
                .put("keyId", KeyId.hex(s.keyId))
                .put("network", s.network.name)
                .put("endpoint", HostPort.format(s.endpoint))
                .put("port", s.portIndex)
                .put("state", s.confirmed ? "up" : "handshake")
                .put("idleSeconds", (now - s.lastRxNanos) / 1e9)
                .put("rxPackets", s.rxPackets)
                .put("txPackets", s.txPackets)
                .put("roams", s.roams)));
        JsonArray nets = new JsonArray();
        for (NetworkSlot n : networks) {
            nets.add(n.toJson(now));
        }
        return new JsonObject()
                .put("sessions", sess)
                .put("networks", nets)
                .put("drops", drops.toJson().put("txErrors", socket.txErrors()).put("rxErrors", socket.rxErrors()))
                .put("udpOffload", socket.offloadJson());
    }

    /** Says BYE to every client, stops the thread and closes the socket. */
    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            List<ClientSession> all = new ArrayList<>();
            sessions.forEachValue(all::add);
            for (ClientSession s : all) {
                if (s.confirmed) {
                    sendControl(s, PacketType.BYE, RejectReason.NODE_SHUTDOWN.code);
                }
                closeSession(s);
            }
            running = false;
            done.complete(null);
        });
        try {
            done.get(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            running = false;
        }
        try {
            thread.join(2000);
            socket.close();
        } catch (IOException | InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
