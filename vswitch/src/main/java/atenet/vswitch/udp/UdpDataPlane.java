package atenet.vswitch.udp;

import atenet.vswitch.peer.PeerLinks;
import atenet.vswitch.util.LongObjectMap;
import atenet.wire.crypto.KeyId;
import atenet.wire.handshake.HandshakeLayout;
import atenet.wire.handshake.ResponderHandshake;
import atenet.wire.handshake.Tai64n;
import atenet.wire.handshake.TransportKeys;
import atenet.wire.identity.CertExchange;
import atenet.wire.overlay.MessageKind;
import atenet.wire.overlay.OverlayCodec;
import atenet.wire.overlay.OverlayHeader;
import atenet.wire.overlay.PacketType;
import atenet.wire.overlay.RejectReason;
import atenet.wire.port.Port;
import atenet.wire.port.PortLink;
import atenet.wire.frame.KeyMac;
import io.vertx.core.json.JsonObject;

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
 * The node's UDP data plane: one thread that owns the socket, every client port and session, and every
 * network's switch. Nothing here is shared: other threads talk to it only by posting commands
 * ({@link #execute}), which it runs between packets.
 *
 * <pre>
 * Demultiplex on the clear first byte ({@link MessageKind}):
 *   TRANSPORT (HOT PATH, per packet):
 *     1. length check                                         → drop MALFORMED
 *     2. session = sessions[receiver index] (an index WE chose) none → UNKNOWN_SESSION (+ rate-limited hint)
 *     3. replay window: counter fresh?                        no → drop REPLAY
 *     4. open in place with the session's receive key         fails → drop BAD_AUTH
 *     5. mark counter seen, note endpoint (roaming); the first packet of a new session confirms it:
 *        its port joins the switch (first session) or rekeys (later ones), and gets the NODES list
 *     6. FRAME → network's SwitchCore.forward → each output port seals with its current session and
 *        sends.   KEEPALIVE → KEEPALIVE_ACK.   BYE → the port ends.
 *   INIT (cold): {@link HandshakeGate} (mac1, cookies under load, budgets) → Noise IK message 1 →
 *     network known? key admitted, unrevoked, unexpired? timestamp newer than the key's last? →
 *     RESPONSE accepting (a new, unconfirmed session) or refusing (authenticated reason, no state).
 *     A replayed INIT (old timestamp) is dropped: no answer, no new session, the live one untouched.
 *   CERT_REQUEST (cold, budgeted): answer with this node's certificate.
 *   Peer links ({@link PeerLinks}, atenet.vswitch.peer): a PEER_INIT takes the INIT path through the gate and Noise,
 *     then goes to the peer links (admitted against node keys only); a TRANSPORT whose receiver index has the top
 *     bit set is a peer session's; RESPONSE, COOKIE and UNKNOWN_SESSION only ever answer this node's PEER_INITs.
 * </pre>
 * Any exception while handling one datagram, command or timer is caught, counted
 * ({@link DropReason#INTERNAL_ERROR}), logged at most once a minute with its stack, and the loop goes on.
 * {@link #loopIterations()} grows every turn of the loop, so a stuck or dead loop is visible (/healthz).
 *
 * <p>Allocation on the transport path: none of ours; the JDK's AES-GCM init allocates its parameter copy.
 * Locks: none (commands use a lock-free queue). The socket, with its UDP GRO/GSO batching (Linux), is
 * {@link NodeSocket}: the data plane sees one datagram at a time and flushes the pending send run at the end
 * of every batch of work.
 */
public final class UdpDataPlane implements AutoCloseable {
    private static final int DRAIN_BATCH = 256;
    private static final long INDEX_MASK = 0xffffffffL;

    private final Underlay socket;
    private final Underlay.Receiver receiver = this::onPacket;
    private final byte[] rx = new byte[OverlayHeader.MAX_PACKET_LEN + 1];
    private final byte[] tx = new byte[OverlayHeader.MAX_PACKET_LEN];
    /** Handshake, cookie, certificate and hint answers (cold path). */
    private final byte[] ctl = new byte[CertExchange.REQUEST_LEN];
    private final LongObjectMap<ClientSession> sessions = new LongObjectMap<>(1024);
    private final Map<Long, ClientPort> ports = new HashMap<>();
    /** The newest handshake timestamp seen per access key: an INIT must be newer (replay protection). */
    private final Map<Long, byte[]> lastTimestamp = new HashMap<>();
    private final List<NetworkSlot> networks = new ArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final DropCounters drops;
    private final SecureRandom random = new SecureRandom();
    private final NodeIdentity identity;
    private final HandshakeGate gate;
    /** The links to the other nodes that serve this node's networks (switching between nodes). */
    private final PeerLinks peers;
    private final SwitchOptions switchOptions;
    private final TokenBucket hints;
    private final TokenBucket certs;
    private final Thread thread;
    private final LongSupplier nanoClock;
    private final LongSupplier wallClock;
    private volatile boolean running = true;
    private volatile long loopIterations;
    private Admission admission = Admission.EMPTY;
    private long nextSweepNanos;
    private long lastErrorLogNanos = Long.MIN_VALUE;
    /** Tests only: runs before every datagram is handled (fault injection). */
    volatile Runnable faultInjector;

    /** Binds the UDP socket (so that a port in use fails here, before anything starts). */
    public UdpDataPlane(InetSocketAddress listen, NodeIdentity identity, SwitchOptions switchOptions) throws IOException {
        this(listen, identity, switchOptions, NodeSocket.offloadFromEnv(System.getenv("ATENET_UDP_OFFLOAD")));
    }

    /** @param udpOffload try UDP GSO/GRO on the socket (falls back by itself when the kernel refuses) */
    public UdpDataPlane(InetSocketAddress listen, NodeIdentity identity, SwitchOptions switchOptions, boolean udpOffload)
            throws IOException {
        this(listen, identity, switchOptions, udpOffload, System::nanoTime, System::currentTimeMillis);
    }

    /**
     * @param nanoClock monotonic time for timers (session idle, half-open, sweeps, MAC aging, budgets)
     * @param wallClock epoch millis for access-key expiry
     */
    UdpDataPlane(InetSocketAddress listen, NodeIdentity identity, SwitchOptions switchOptions, boolean udpOffload,
                 LongSupplier nanoClock, LongSupplier wallClock) throws IOException {
        this(new DropCounters(), drops -> new NodeSocket(listen, udpOffload, drops), identity, switchOptions, nanoClock, wallClock);
    }

    /**
     * A data plane on any {@link Underlay} — the in-memory one of a simulation, stepped by its caller with
     * {@link #step} instead of {@link #start()}.
     */
    public UdpDataPlane(Underlay underlay, NodeIdentity identity, SwitchOptions switchOptions, LongSupplier nanoClock,
                        LongSupplier wallClock) throws IOException {
        this(new DropCounters(), drops -> underlay, identity, switchOptions, nanoClock, wallClock);
    }

    /** A data plane on its own socket that prints nothing at start (the JIT warm-up's, {@link DataPlaneWarmup}). */
    static UdpDataPlane quiet(InetSocketAddress listen, NodeIdentity identity, SwitchOptions switchOptions) throws IOException {
        boolean offload = NodeSocket.offloadFromEnv(System.getenv("ATENET_UDP_OFFLOAD"));
        return new UdpDataPlane(new DropCounters(), drops -> new NodeSocket(listen, offload, drops, false), identity,
                switchOptions, System::nanoTime, System::currentTimeMillis);
    }

    /** Makes an underlay that counts its drops in the data plane's counters. */
    private interface UnderlayFactory {
        Underlay open(DropCounters drops) throws IOException;
    }

    private UdpDataPlane(DropCounters drops, UnderlayFactory underlay, NodeIdentity identity, SwitchOptions switchOptions,
                         LongSupplier nanoClock, LongSupplier wallClock) throws IOException {
        this.drops = drops;
        this.identity = identity;
        this.switchOptions = switchOptions;
        this.nanoClock = nanoClock;
        this.wallClock = wallClock;
        long now = nanoClock.getAsLong();
        this.socket = underlay.open(drops);
        this.gate = new HandshakeGate(identity, random, drops, now);
        this.hints = new TokenBucket(Timeouts.REJECTS_PER_SECOND, now);
        this.certs = new TokenBucket(Timeouts.CERTS_PER_SECOND, now);
        this.peers = new PeerLinks(socket, identity, drops, random, wallClock, (hi, lo, port) -> {
            NetworkSlot slot = network(hi, lo);
            return slot == null ? null : slot.attach(port);
        });
        this.thread = new Thread(this::run, "atenet-dataplane");
    }

    public InetSocketAddress localAddress() throws IOException {
        return socket.localAddress();
    }

    public void start() {
        thread.start();
    }

    /** Grows by one every turn of the data-plane loop (at least every {@link Timeouts#SELECT_TIMEOUT_MILLIS}). */
    public long loopIterations() {
        return loopIterations;
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
        CompletableFuture<DataPlaneStatus> f = new CompletableFuture<>();
        execute(() -> {
            sweep(nanoClock.getAsLong());
            f.complete(snapshotNow());
        });
        return f.thenApplyAsync(StatusJson::of);
    }

    /** A typed status snapshot, taken on the data-plane thread between packets. */
    public CompletableFuture<DataPlaneStatus> snapshot() {
        CompletableFuture<DataPlaneStatus> f = new CompletableFuture<>();
        execute(() -> f.complete(snapshotNow()));
        return f;
    }

    /** The status as JSON: the snapshot is taken on the data-plane thread, the JSON is built off it. */
    public CompletableFuture<JsonObject> status() {
        return snapshot().thenApplyAsync(StatusJson::of);
    }

    // ------------------------------------------------------------------ loop

    private void run() {
        while (running) {
            if (step(nanoClock.getAsLong()) == 0 && running) {
                try {
                    socket.awaitReadable(Timeouts.SELECT_TIMEOUT_MILLIS);
                } catch (Throwable t) {
                    caught(t, nanoClock.getAsLong());
                }
            }
        }
        try {
            runCommands();
            socket.flush();
        } catch (Throwable t) {
            // stopping anyway
        }
    }

    /**
     * One turn of the loop, without blocking: posted commands, the sweep when due, up to a batch of datagrams,
     * then the flush. {@link #start()}'s thread calls it; a simulation that owns the loop calls it instead.
     *
     * @return how many datagrams were handled
     */
    public int step(long now) {
        loopIterations++;
        if (nextSweepNanos == 0) {
            nextSweepNanos = now + Timeouts.SWEEP_INTERVAL_NANOS;
        }
        int taken = 0;
        try {
            runCommands();
            if (now - nextSweepNanos >= 0) {
                nextSweepNanos = now + Timeouts.SWEEP_INTERVAL_NANOS;
                sweep(now);
            }
            for (int i = 0; i < networks.size(); i++) {
                networks.get(i).now = now;               // the switches' clock for this turn (peer frames too)
            }
            peers.timers(now);                           // keepalives, dead peers, dialling, rekeys (when due)
            taken = socket.drain(rx, receiver, DRAIN_BATCH, now);
            for (int i = 0; i < networks.size(); i++) {
                taken += networks.get(i).drainIngress(now);  // frames of ports on other threads (WebSocket, ...)
            }
            socket.flush();                             // the end of a batch (commands, sweep, drain)
        } catch (Throwable t) {
            caught(t, now);
        }
        return taken;
    }

    /**
     * Everything thrown while handling one datagram, command or timer ends here: counted and logged rarely
     * ({@link #internalError}), and the loop goes on. A failing socket also pauses the loop briefly, and nothing is
     * counted once the plane is closing. A {@link VirtualMachineError} other than a stack overflow (whose stack has
     * unwound by now) is rethrown: after it nothing is trustworthy, and /healthz reports the stopped loop.
     */
    private void caught(Throwable t, long now) {
        if (t instanceof VirtualMachineError fatal && !(t instanceof StackOverflowError)) {
            System.err.println("vswitch: data plane stopped: " + fatal);
            throw fatal;
        }
        if (t instanceof IOException) {
            if (!running) {
                return;
            }
            internalError(t, now);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        internalError(t, now);
    }

    private void runCommands() {
        Runnable r;
        while ((r = commands.poll()) != null) {
            try {
                r.run();
            } catch (Throwable t) {
                caught(t, nanoClock.getAsLong());
            }
        }
    }

    /** One bug must not stop every client of every network: count, log rarely, go on. */
    private void internalError(Throwable t, long now) {
        drops.count(DropReason.INTERNAL_ERROR);
        if (lastErrorLogNanos == Long.MIN_VALUE || now - lastErrorLogNanos >= Timeouts.INTERNAL_ERROR_LOG_NANOS) {
            lastErrorLogNanos = now;
            System.err.println("vswitch: internal error in the data plane (counted as internalError, "
                    + "logged at most once a minute; the data plane goes on):");
            t.printStackTrace(System.err);
        }
    }

    // ------------------------------------------------------------------ inbound

    void onPacket(int len, InetSocketAddress from, long now) {
        try {
            Runnable fault = faultInjector;
            if (fault != null) {
                fault.run();
            }
            if (len < 1) {
                drops.count(DropReason.MALFORMED);
                return;
            }
            byte kind = rx[0];
            if (kind == MessageKind.TRANSPORT) {
                onTransport(len, from, now);
            } else if (kind == MessageKind.INIT || kind == MessageKind.PEER_INIT) {
                onInit(len, from, now);
            } else if (kind == MessageKind.RESPONSE) {
                peers.onResponse(rx, len, from, now);       // only ever an answer to our PEER_INIT
            } else if (kind == MessageKind.COOKIE) {
                peers.onCookie(rx, len, from, now);
            } else if (kind == MessageKind.UNKNOWN_SESSION) {
                peers.onUnknownSession(rx, len, from, now);
            } else if (kind == MessageKind.CERT_REQUEST) {
                onCertRequest(len, from, now);
            } else if (MessageKind.isCurrentVersion(kind)) {
                drops.count(DropReason.MALFORMED);          // a kind the node never receives
            } else {
                drops.count(DropReason.BAD_KIND);
            }
        } catch (Throwable t) {
            caught(t, now);
        }
    }

    /** HOT PATH. */
    private void onTransport(int len, InetSocketAddress from, long now) {
        if (!OverlayCodec.hasSealedLength(len)) {
            drops.count(DropReason.MALFORMED);
            return;
        }
        int index = OverlayCodec.receiver(rx);
        if (PeerLinks.isPeerIndex(index)) {              // an index we chose for a peer session
            if (!peers.onTransport(rx, len, from, now)) {
                drops.count(DropReason.UNKNOWN_SESSION);
                hintUnknownSession(index, from, now);
            }
            return;
        }
        ClientSession s = sessions.get(index & INDEX_MASK);
        if (s == null) {
            drops.count(DropReason.UNKNOWN_SESSION);
            hintUnknownSession(index, from, now);
            return;
        }
        int plain = s.open(rx, len);
        if (plain < 1) {
            drops.count(plain == TransportSession.REPLAYED ? DropReason.REPLAY : DropReason.BAD_AUTH);
            return;
        }
        ClientPort p = s.port;
        p.lastRxNanos = now;
        p.rxPackets++;
        if (from != p.endpoint && !from.equals(p.endpoint)) {
            p.endpoint = from;                           // roaming: follow the authenticated source
            p.roams++;
        }
        p.localHi = socket.localHi();
        p.localLo = socket.localLo();
        if (!s.confirmed && !confirm(s)) {
            return;
        }
        switch (rx[OFFSET_TYPE]) {
            case PacketType.FRAME -> {
                int frameLen = plain - 1;
                if (frameLen < atenet.wire.frame.EthernetFrame.MIN_LEN) {
                    drops.count(DropReason.MALFORMED);
                } else {
                    p.network.now = now;
                    p.link.receive(rx, OFFSET_TYPE + 1, frameLen);
                }
            }
            case PacketType.KEEPALIVE -> sendControl(p, PacketType.KEEPALIVE_ACK, -1);
            case PacketType.BYE -> closePort(p);
            default -> drops.count(DropReason.BAD_TYPE);
        }
    }

    /** The first packet under a new session's keys: the client holds them. Promote it. */
    private boolean confirm(ClientSession s) {
        ClientPort p = s.port;
        s.confirmed = true;
        if (p.next != s) {
            return true;
        }
        if (!p.attached()) {
            PortLink link = p.network.attach(p);
            if (link == null) {                          // the switch filled up since the handshake: say so
                drops.count(DropReason.SESSION_LIMIT);
                sendControl(p, s, PacketType.BYE, RejectReason.TOO_MANY_SESSIONS.code);
                closePort(p);
                return false;
            }
            p.link = link;
        }
        if (p.previous != null) {
            dropSession(p.previous);
        }
        p.previous = p.current;
        p.current = s;
        p.next = null;
        if (p.previous != null) {
            p.rekeys++;
        }
        sendNodes(p);
        return true;
    }

    private void hintUnknownSession(int index, InetSocketAddress to, long now) {
        if (!hints.tryAcquire(now)) {
            return;
        }
        ctl[0] = MessageKind.UNKNOWN_SESSION;
        OverlayCodec.putInt(ctl, 1, index);
        socket.send(ctl, 5, to, socket.localHi(), socket.localLo());
    }

    private void onCertRequest(int len, InetSocketAddress from, long now) {
        if (CertExchange.requestedChain(rx, len) == null || !certs.tryAcquire(now)) {
            drops.count(DropReason.CERT_REFUSED);
            return;
        }
        int n;
        if (CertExchange.isRequestFor(rx, len, identity.chainId())) {
            n = CertExchange.writeReply(ctl, CertExchange.requestId(rx), identity.certificate());
        } else {
            drops.count(DropReason.CERT_REFUSED);        // a token of another chain: say which chain we serve
            n = CertExchange.writeOtherChain(ctl, CertExchange.requestId(rx), identity.chainId());
        }
        socket.send(ctl, n, from, socket.localHi(), socket.localLo());
    }

    private void onInit(int len, InetSocketAddress from, long now) {
        switch (gate.admit(rx, len, from, now, ctl)) {
            case DROPPED -> {
                return;
            }
            case COOKIE_SENT -> {
                socket.send(ctl, HandshakeLayout.COOKIE_LEN, from, socket.localHi(), socket.localLo());
                return;
            }
            default -> {
            }
        }
        ResponderHandshake hs = ResponderHandshake.read(identity.x25519Private(), identity.chainId(), rx, len);
        if (hs == null) {
            drops.count(DropReason.BAD_MAC);
            return;
        }
        if (hs.peer()) {
            peers.onInit(hs, from, now);                 // another node: admitted against the node keys only
            return;
        }
        byte[] net = hs.networkId();
        long hi = OverlayCodec.getLong(net, 0);
        long lo = OverlayCodec.getLong(net, 8);
        byte[] pub = hs.initiatorStatic();
        long keyId = KeyId.of(pub);
        ClientPort p = ports.get(keyId);
        AdmissionVerdict verdict = p != null ? admission.admitRekey(pub, hi, lo, wallClock.getAsLong())
                : admission.admit(pub, hi, lo, wallClock.getAsLong());
        NetworkSlot slot = network(hi, lo);            // every network the admission knows has its slot
        RejectReason refusal = verdict.reason;
        DropReason drop = verdict.drop;
        if (verdict.admitted()) {
            if (!Tai64n.isAfter(hs.timestamp(), lastTimestamp.get(keyId))) {
                drops.count(DropReason.REPLAYED_HANDSHAKE);  // no answer, no state: the live session is untouched
                return;
            }
            if (p == null && (ports.size() >= Timeouts.MAX_SESSIONS || !slot.hasFreePort())) {
                refusal = RejectReason.TOO_MANY_SESSIONS;
                drop = DropReason.SESSION_LIMIT;
            }
        }
        if (refusal != RejectReason.NONE) {
            drops.count(drop);
            hs.refuse(refusal.code, random, ctl);
            socket.send(ctl, HandshakeLayout.RESP_LEN, from, socket.localHi(), socket.localLo());
            return;
        }
        lastTimestamp.put(keyId, hs.timestamp());
        if (p == null) {
            p = new ClientPort(this, slot, keyId, boundMacOf(admission.key(keyId)), from, now);
            ports.put(keyId, p);
        }
        if (p.current == null) {
            p.endpoint = from;
            p.localHi = socket.localHi();
            p.localLo = socket.localLo();
        }
        int localIndex = newIndex();
        TransportKeys keys = hs.accept(localIndex, slot.mtu, random, ctl);
        ClientSession s = new ClientSession(localIndex, hs.initiatorIndex(), keys, p, now);
        if (p.next != null) {
            dropSession(p.next);
        }
        p.next = s;
        sessions.put(localIndex & INDEX_MASK, s);
        socket.send(ctl, HandshakeLayout.RESP_LEN, from, socket.localHi(), socket.localLo());
    }

    /** The only source MAC a key's port may send from: the key's own, or any for a bridge key. */
    private static long boundMacOf(AdmittedKey key) {
        return key.bridge() ? Port.ANY_MAC : KeyMac.of(key.publicKey());
    }

    private int newIndex() {
        int i;
        do {
            i = random.nextInt() & ~PeerLinks.PEER_INDEX_BIT;   // the top bit marks peer sessions' indexes
        } while (i == 0 || sessions.get(i & INDEX_MASK) != null);
        return i;
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

    // ------------------------------------------------------------------ outbound (HOT PATH)

    /** Seals one frame for port {@code p} and sends it. Called by the switch via {@link ClientPort#transmit}. */
    void sendFrame(ClientPort p, byte[] frame, int off, int len) {
        ClientSession s = p.current;
        if (s == null || len > OverlayHeader.MAX_PAYLOAD_LEN - 1) {
            drops.count(DropReason.MALFORMED);
            return;
        }
        System.arraycopy(frame, off, tx, OFFSET_TYPE + 1, len);
        tx[OFFSET_TYPE] = PacketType.FRAME;
        sealAndSend(p, s, 1 + len);
    }

    private void sendControl(ClientPort p, byte type, int reasonByte) {
        if (p.current != null) {
            sendControl(p, p.current, type, reasonByte);
        }
    }

    /** Seals a control packet (KEEPALIVE_ACK, BYE) under session {@code s}; {@code reasonByte} < 0: no payload. */
    private void sendControl(ClientPort p, ClientSession s, byte type, int reasonByte) {
        tx[OFFSET_TYPE] = type;
        if (reasonByte >= 0) {
            tx[OFFSET_TYPE + 1] = (byte) reasonByte;
            sealAndSend(p, s, 2);
        } else {
            sealAndSend(p, s, 1);
        }
    }

    private void sendNodes(ClientPort p) {
        byte[] payload = p.network.nodesPayload;
        if (payload.length == 0 || payload.length + 1 > OverlayHeader.MAX_PAYLOAD_LEN) {
            return;
        }
        System.arraycopy(payload, 0, tx, OFFSET_TYPE + 1, payload.length);
        tx[OFFSET_TYPE] = PacketType.NODES;
        sealAndSend(p, p.current, 1 + payload.length);
    }

    private void sealAndSend(ClientPort p, ClientSession s, int plainLen) {
        int n = s.seal(tx, plainLen);
        p.txPackets++;
        socket.send(tx, n, p.endpoint, p.localHi, p.localLo);
    }

    // ------------------------------------------------------------------ cold path

    private void dropSession(ClientSession s) {
        sessions.remove(s.localIndex & INDEX_MASK);
        s.destroy();
    }

    private void closePort(ClientPort p) {
        if (p.attached()) {
            p.link.detach();
            p.link = null;
        }
        for (ClientSession s : new ClientSession[]{p.current, p.previous, p.next}) {
            if (s != null) {
                dropSession(s);
            }
        }
        p.current = p.previous = p.next = null;
        ports.remove(p.keyId);
    }

    private void applyAdmission(Admission next) {
        admission = next;
        for (NetworkInfo info : next.networks()) {
            NetworkSlot slot = network(info.idHi(), info.idLo());
            if (slot == null) {
                networks.add(new NetworkSlot(info, switchOptions, socket::wakeup));
            } else if (slot.update(info)) {
                for (ClientPort p : ports.values()) {       // nodes joined or left: its clients' failover lists follow
                    if (p.network == slot && p.current != null) {
                        sendNodes(p);
                    }
                }
            }
        }
        lastTimestamp.keySet().removeIf(k -> next.key(k) == null);
        enforceKeys(wallClock.getAsLong());
        peers.apply(next, nanoClock.getAsLong());
    }

    /**
     * Ends every port whose key the chain no longer admits, telling the client why (a removed node's snapshot has
     * no keys: every port ends with NOT_SERVING, and the clients fail over).
     */
    private void enforceKeys(long nowMillis) {
        Map<ClientPort, RejectReason> cut = new java.util.LinkedHashMap<>();
        for (ClientPort p : ports.values()) {
            AdmissionVerdict v = admission.stillAdmitted(p.keyId, nowMillis);
            if (!v.admitted()) {
                cut.put(p, v.reason);
            } else if (boundMacOf(admission.key(p.keyId)) != p.boundMac) {
                cut.put(p, RejectReason.UNKNOWN_SESSION);  // the key's bridge flag changed: rejoin with the new binding
            }
        }
        cut.forEach((p, why) -> {
            sendControl(p, PacketType.BYE, why.code);
            closePort(p);
        });
    }

    private void sweep(long now) {
        List<ClientPort> idle = new ArrayList<>();
        for (ClientPort p : ports.values()) {
            if (p.next != null && now - p.next.createdNanos > Timeouts.HALF_OPEN_NANOS) {
                dropSession(p.next);
                p.next = null;
            }
            if (p.previous != null && now - p.previous.createdNanos > Timeouts.REJECT_AFTER_NANOS) {
                dropSession(p.previous);
                p.previous = null;
            }
            boolean stale = p.current != null && now - p.current.createdNanos > Timeouts.REJECT_AFTER_NANOS;
            if (now - p.lastRxNanos > Timeouts.SESSION_IDLE_NANOS || stale || (p.current == null && p.next == null)) {
                idle.add(p);
            }
        }
        idle.forEach(this::closePort);
        enforceKeys(wallClock.getAsLong());
        for (NetworkSlot n : networks) {
            n.sweep(now);
        }
    }

    /** A typed snapshot of every port, network and counter; data-plane thread; no JSON here. */
    private DataPlaneStatus snapshotNow() {
        long now = nanoClock.getAsLong();
        List<DataPlaneStatus.Client> clients = new ArrayList<>(ports.size());
        for (ClientPort p : ports.values()) {
            ClientSession s = p.current != null ? p.current : p.next;
            clients.add(new DataPlaneStatus.Client(p.keyId, p.network.name, p.endpoint, p.index(), p.current != null,
                    (now - p.lastRxNanos) / 1e9, s == null ? 0 : (now - s.createdNanos) / 1e9, p.rekeys,
                    p.rxPackets, p.txPackets, p.roams));
        }
        List<DataPlaneStatus.Network> nets = new ArrayList<>(networks.size());
        for (NetworkSlot n : networks) {
            nets.add(n.snapshot(now));
        }
        return new DataPlaneStatus(List.copyOf(clients), List.copyOf(peers.snapshot(now)), List.copyOf(nets), admission.refusal(), drops.snapshot(),
                socket.txErrors(), socket.rxErrors(), socket.offload(), loopIterations);
    }

    /** Says BYE to every client, stops the thread and closes the socket. */
    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            for (ClientPort p : new ArrayList<>(ports.values())) {
                sendControl(p, PacketType.BYE, RejectReason.NODE_SHUTDOWN.code);
                closePort(p);
            }
            peers.closeAll();
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
