package atenet.tapclient;

import atenet.wire.crypto.PacketCipher;
import atenet.wire.crypto.ReplayWindow;
import atenet.wire.crypto.X25519Keys;
import atenet.wire.handshake.HandshakeLayout;
import atenet.wire.handshake.HandshakeMacs;
import atenet.wire.handshake.InitiatorHandshake;
import atenet.wire.handshake.Tai64n;
import atenet.wire.handshake.TransportKeys;
import atenet.wire.identity.CertExchange;
import atenet.wire.identity.CertificateException;
import atenet.wire.identity.NodeCertificate;
import atenet.wire.net.HostPort;
import atenet.wire.overlay.MessageKind;
import atenet.wire.overlay.NodeList;
import atenet.wire.overlay.OverlayCodec;
import atenet.wire.overlay.OverlayHeader;
import atenet.wire.overlay.PacketType;
import atenet.wire.overlay.RejectReason;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import static atenet.wire.overlay.OverlayHeader.OFFSET_TYPE;

/**
 * The client side of the overlay protocol: certificate check, Noise IK handshake, rekeying, keepalive,
 * liveness, failover, sealing and opening. No TAP and no sockets here: packets go out through a
 * {@link Transport}, time comes from clocks, so tests drive it against a real or fake node.
 *
 * <h2>Roles and messages</h2>
 * <pre>
 *  client                                              node
 *    | CERT_REQUEST (clear, padded, chain id)          |   only when the node's key is not known yet
 *    |------------------------------------------------>|
 *    |        CERT: its NODE_ENROLLED entry            |   verified against the operator key in the token
 *    |<------------------------------------------------|
 *    | INIT: Noise IK msg 1 {timestamp, network id}    |   e, es, s, ss  (+ mac1, mac2 with a cookie)
 *    |------------------------------------------------>|
 *    |        COOKIE (node under load)                 |   store; resend the INIT with mac2
 *    |<- - - - - - - - - - - - - - - - - - - - - - - - |
 *    |        RESPONSE: msg 2 {status, MTU}            |   e, ee, se; status ≠ 0 = authenticated refusal
 *    |<------------------------------------------------|
 *    | KEEPALIVE at once (confirms the session)        |
 *    |------------------------------------------------>|
 *    |        NODES: every node of the network         |   kept for failover (their keys need no CERT)
 *    |<------------------------------------------------|
 *    | FRAME / KEEPALIVE every 15 s / BYE              |
 *    |<===============================================>|   FRAME / KEEPALIVE_ACK / BYE
 * </pre>
 * Every TRANSPORT packet carries the receiver's own index, so each side finds its session with one lookup.
 *
 * <h2>Rekey</h2>
 * {@link Timeouts#REKEY_AFTER} after a session started (or after {@link Timeouts#REKEY_AFTER_MESSAGES}
 * packets) a new handshake runs with the same node while the current session keeps carrying traffic. When
 * the RESPONSE arrives, sending switches to the new keys at once; packets still in flight under the old keys
 * are accepted for {@link Timeouts#KEEP_PREVIOUS} (the node keeps sending under them until our first new
 * packet confirms the new session). Old keys are zeroed when dropped.
 *
 * <h2>Retries, failover, abort</h2>
 * An attempt sends one CERT_REQUEST or INIT to one node and waits 1 s, 2 s, 4 s ... (cap 30 s, +-20 %
 * jitter); each new round goes to the next node of the list (failover), resolving the host again and
 * building a new INIT (a newer timestamp: the node drops an INIT it has seen as a replay). Only an
 * authenticated RESPONSE can stop the client (a final {@link RejectReason}); anything unauthenticated
 * (a COOKIE, a CERT that does not verify, an UNKNOWN_SESSION hint, garbage) can at most make it retry.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li>{@link #sealFrame} HOT: the TAP reader thread, with its own {@link PacketCipher}.</li>
 *   <li>{@link #onDatagram} HOT for TRANSPORT: the UDP receiver thread, with its own cipher; it owns the
 *       sessions' replay windows.</li>
 *   <li>{@link #tick}, {@link #stop} and every other message kind hold the engine's monitor.</li>
 * </ul>
 * The hot paths read the current {@link Session}, an immutable object published through a volatile field.
 */
public final class ClientEngine {
    /** Offset of the frame (or other payload) in a TRANSPORT packet: header + type byte. */
    public static final int PAYLOAD_OFFSET = OverlayHeader.HEADER_LEN + OverlayHeader.TYPE_LEN;

    /** What the token pins and holds: the chain, the network and the access key. */
    public record Credentials(byte[] chainId, byte[] operatorKey, byte[] networkId, byte[] accessPrivateKey) {
    }

    /** The outcome of a successful handshake. */
    public record Joined(HostPort via, InetSocketAddress endpoint, int advisedMtu, String nodeName) {
    }

    public interface Listener {
        /** The handshake completed (also after every reconnect; not after a rekey). */
        void joined(Joined j);

        /** The node list changed: every node that serves the network, as the current node's chain has them. */
        default void nodes(List<String> described) {
        }

        /** A non-fatal event worth one line on stderr (session lost, name not resolved...). */
        void warn(String line);

        /** The client must end: exit code and the line to print on stderr. */
        void finished(int exitCode, String line);
    }

    /** A node the client may join through; its key is null until a certificate or a NODES list gave it. */
    private record Target(HostPort where, byte[] key, String name) {
        String describe() {
            return (name == null ? "" : name + "@") + where;
        }
    }

    /** One established session. Immutable except its counter (atomic) and replay window (receiver thread). */
    static final class Session {
        final int localIndex;
        final int remoteIndex;
        final TransportKeys keys;
        final AtomicLong counter = new AtomicLong(1);
        final ReplayWindow replay = new ReplayWindow();
        final Target target;
        final long createdNanos;

        Session(int localIndex, int remoteIndex, TransportKeys keys, Target target, long createdNanos) {
            this.localIndex = localIndex;
            this.remoteIndex = remoteIndex;
            this.keys = keys;
            this.target = target;
            this.createdNanos = createdNanos;
        }
    }

    private final Credentials creds;
    private final byte[] ownPublic;
    private final Transport transport;
    private final LongSupplier nanoClock;
    private final LongSupplier wallClock;
    private final SecureRandom random;
    private final Listener listener;
    private final Drops drops;

    /** Published to the hot paths. */
    private volatile Session current;
    private volatile Session previous;
    /** Clock of the last authenticated node packet. */
    private final AtomicLong lastHeard = new AtomicLong();
    private final AtomicLong framesOut = new AtomicLong();
    private final AtomicLong framesIn = new AtomicLong();

    // ---- guarded by this ----
    private final PacketCipher controlCipher = new PacketCipher();
    private final byte[] ctl = new byte[CertExchange.REQUEST_LEN];
    private final ByteBuffer ctlBuf = ByteBuffer.wrap(ctl);
    private final List<HostPort> configured;
    private List<Target> targets;
    private int targetIndex;
    private int round;
    private long nextAttemptAt;
    private long nextKeepaliveAt;
    /** Fast failover (tick thread): frames sent as of the last tick, when probing started, the last probe. */
    private long framesOutAtTick;
    private long probingSince;
    private long lastProbeAt;
    private boolean stopped;
    /** The attempt under way: waiting for a CERT (certRequest != 0) or for a RESPONSE (handshake != null). */
    private long certRequest;
    private InitiatorHandshake handshake;
    private boolean rekeying;
    private byte[] cookie;
    private long cookieAt;
    private boolean cookieUsed;
    private String lastNodes = "";
    private String lastWarning = "";
    /** The first attempt was made (later ones follow the retry timer). */
    private boolean started;
    /** Where the current target resolved to when we connected (reported on join). */
    private InetSocketAddress transportEndpoint;
    private byte[] lastTimestamp;

    /**
     * @param targets where to join: the token's hints, or the --server address (never empty)
     * @throws IllegalArgumentException when {@code targets} is empty
     */
    public ClientEngine(Credentials creds, List<HostPort> targets, Transport transport, LongSupplier nanoClock,
                        LongSupplier wallClock, SecureRandom random, Listener listener, Drops drops) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no node to join: the token has no node address; pass --server HOST:PORT");
        }
        this.creds = creds;
        this.ownPublic = X25519Keys.publicOf(creds.accessPrivateKey());
        this.configured = List.copyOf(targets);
        this.targets = new ArrayList<>();
        for (HostPort h : targets) {
            this.targets.add(new Target(h, null, null));
        }
        this.transport = transport;
        this.nanoClock = nanoClock;
        this.wallClock = wallClock;
        this.random = random;
        this.listener = listener;
        this.drops = drops;
    }

    public long ownKeyId() {
        return atenet.wire.crypto.KeyId.of(ownPublic);
    }

    public Drops drops() {
        return drops;
    }

    public long framesOut() {
        return framesOut.get();
    }

    public long framesIn() {
        return framesIn.get();
    }

    public boolean isJoined() {
        return current != null;
    }

    /** The node-chosen index of the current session (0 before the first handshake); for tests and diagnostics. */
    public int remoteIndex() {
        Session s = current;
        return s == null ? 0 : s.remoteIndex;
    }

    /** The failover list as NAME@HOST:PORT (or HOST:PORT for a hint whose node is not known yet); for tests. */
    public synchronized List<String> knownNodes() {
        List<String> out = new ArrayList<>();
        for (Target t : targets) {
            out.add(t.describe());
        }
        return out;
    }

    // =====================================================================================================
    // HOT PATH: TAP reader thread
    // =====================================================================================================

    /**
     * Seals the frame at {@code pkt[PAYLOAD_OFFSET .. + frameLen)} in place: writes the header and type, encrypts.
     *
     * @return the packet length to send, or -1 (counted) when not joined
     */
    public int sealFrame(PacketCipher cipher, byte[] pkt, int frameLen) {
        Session s = current;
        if (s == null) {
            drops.count(Drops.Reason.NOT_JOINED);
            return -1;
        }
        OverlayCodec.writeHeader(pkt, s.remoteIndex, s.counter.getAndIncrement());
        pkt[OFFSET_TYPE] = PacketType.FRAME;
        framesOut.lazySet(framesOut.get() + 1);
        return cipher.seal(pkt, OverlayHeader.TYPE_LEN + frameLen, s.keys.send);
    }

    // =====================================================================================================
    // HOT PATH: UDP receiver thread
    // =====================================================================================================

    /**
     * Handles one datagram from the node, opened in place.
     *
     * @return the length of a frame to write to the TAP (it starts at {@link #PAYLOAD_OFFSET}), or 0
     */
    public int onDatagram(PacketCipher cipher, byte[] pkt, int len) {
        if (len < 1) {
            drops.count(Drops.Reason.MALFORMED);
            return 0;
        }
        byte kind = pkt[0];
        if (kind != MessageKind.TRANSPORT) {
            onControl(kind, pkt, len);
            return 0;
        }
        if (!OverlayCodec.hasSealedLength(len)) {
            drops.count(Drops.Reason.MALFORMED);
            return 0;
        }
        int index = OverlayCodec.receiver(pkt);
        Session s = current;
        if (s == null || s.localIndex != index) {
            s = previous;
            if (s == null || s.localIndex != index) {
                drops.count(Drops.Reason.WRONG_SESSION);
                return 0;
            }
        }
        long counter = OverlayCodec.counter(pkt);
        if (!s.replay.isFresh(counter)) {
            drops.count(Drops.Reason.REPLAY);
            return 0;
        }
        int plain = cipher.open(pkt, len, s.keys.receive);
        if (plain < OverlayHeader.TYPE_LEN) {
            drops.count(Drops.Reason.BAD_AUTH);
            return 0;
        }
        s.replay.accept(counter);
        lastHeard.lazySet(nanoClock.getAsLong());
        switch (pkt[OFFSET_TYPE]) {
            case PacketType.FRAME:
                if (plain - 1 < 14) {
                    drops.count(Drops.Reason.MALFORMED);
                    return 0;
                }
                framesIn.lazySet(framesIn.get() + 1);
                return plain - 1;
            case PacketType.KEEPALIVE_ACK:
                return 0;
            case PacketType.NODES:
                onNodes(s, pkt, plain - 1);
                return 0;
            case PacketType.BYE:
                onBye(s, plain > 1 ? RejectReason.of(pkt[PAYLOAD_OFFSET] & 0xff) : RejectReason.NONE);
                return 0;
            default:
                drops.count(Drops.Reason.UNKNOWN_TYPE);
                return 0;
        }
    }

    // =====================================================================================================
    // Cold paths (engine monitor)
    // =====================================================================================================

    private synchronized void onControl(byte kind, byte[] pkt, int len) {
        if (stopped) {
            return;
        }
        if (kind == MessageKind.RESPONSE) {
            onResponse(pkt, len);
        } else if (kind == MessageKind.COOKIE) {
            onCookie(pkt, len);
        } else if (kind == MessageKind.CERT) {
            onCert(pkt, len);
        } else if (kind == MessageKind.UNKNOWN_SESSION) {
            onUnknownSession(pkt, len);
        } else {
            drops.count(Drops.Reason.UNKNOWN_TYPE);
        }
    }

    private void onCert(byte[] pkt, int len) {
        if (certRequest == 0) {
            drops.count(Drops.Reason.STRAY_REJECT);
            return;
        }
        Target t = targets.get(targetIndex);
        byte[] other = CertExchange.otherChain(pkt, len, certRequest);
        if (other != null) {
            drops.count(Drops.Reason.STRAY_REJECT);
            warnOnce("tap-client: " + t.where() + " serves another chain (" + hex(other)
                    + "…), not this token's (" + hex(creds.chainId()) + "…); is the token for this fabric? retrying");
            return;                                      // unauthenticated: reported, never a reason to stop
        }
        NodeCertificate cert;
        try {
            cert = CertExchange.readReply(pkt, len, certRequest, creds.operatorKey());
        } catch (CertificateException e) {
            drops.count(Drops.Reason.BAD_AUTH);
            listener.warn("tap-client: " + t.where() + " presented a certificate that does not verify ("
                    + e.getMessage() + "); it is not a node of this chain");
            return;                                     // the retransmit timer fails over
        }
        if (cert == null) {
            drops.count(Drops.Reason.STRAY_REJECT);
            return;
        }
        certRequest = 0;
        targets.set(targetIndex, new Target(t.where(), cert.x25519Key(), cert.name()));
        sendInit(nanoClock.getAsLong(), false);
    }

    private void onCookie(byte[] pkt, int len) {
        InitiatorHandshake hs = handshake;
        if (hs == null || len != HandshakeLayout.COOKIE_LEN
                || OverlayCodec.getInt(pkt, HandshakeLayout.COOKIE_OFFSET_RECEIVER) != hs.senderIndex()) {
            drops.count(Drops.Reason.STRAY_REJECT);
            return;
        }
        byte[] c = HandshakeMacs.openCookieReply(pkt, len, HandshakeMacs.cookieKey(hs.responderStatic()), hs.mac1());
        if (c == null) {
            drops.count(Drops.Reason.BAD_AUTH);
            return;
        }
        cookie = c;
        cookieAt = nanoClock.getAsLong();
        if (!cookieUsed) {                              // answer at once, once: the node is under load
            cookieUsed = true;
            send(hs.writeInit(ctl, cookie));
        }
    }

    private void onResponse(byte[] pkt, int len) {
        InitiatorHandshake hs = handshake;
        if (hs == null || !hs.isForMe(pkt, len)) {
            drops.count(Drops.Reason.STRAY_REJECT);
            return;
        }
        InitiatorHandshake.Response r = hs.readResponse(pkt, len);
        if (r == null) {
            drops.count(Drops.Reason.BAD_AUTH);
            return;
        }
        handshake = null;
        Target t = targets.get(targetIndex);
        long now = nanoClock.getAsLong();
        if (!r.accepted()) {
            RejectReason reason = RejectReason.of(r.status());
            if (reason.isFinal()) {
                stopped = true;
                listener.finished(TapClientMain.EXIT_REFUSED, "tap-client: refused by " + t.describe() + ": " + reason.message);
                return;
            }
            warnOnce("tap-client: " + t.describe() + " refused the session (" + reason.message + "); "
                    + (targets.size() > 1 ? "trying the next node" : "retrying with back-off"));
            if (rekeying || targets.size() == 1) {
                armRetry(now);                           // the same node again, later (1, 2, 4 ... 30 s)
            } else {
                nextAttemptAt = now;                     // fail over at the next tick
            }
            return;
        }
        boolean rejoin = !rekeying || current == null || !current.target.where().equals(t.where());
        rekeying = false;
        Session s = new Session(hs.senderIndex(), r.remoteIndex(), r.keys(), t, now);
        Session old = previous;
        if (rejoin && current != null) {
            current.keys.destroy();
        }
        previous = rejoin ? null : current;
        current = s;
        if (old != null) {
            old.keys.destroy();
        }
        lastHeard.set(now);
        round = 0;
        cookie = null;
        lastWarning = "";
        nextKeepaliveAt = now + Timeouts.KEEPALIVE_INTERVAL;
        sendControl(s, PacketType.KEEPALIVE, -1);       // confirms the session at the node
        if (rejoin) {
            listener.joined(new Joined(t.where(), transportEndpoint, r.advisedMtu(), t.name()));
        }
    }

    private void onUnknownSession(byte[] pkt, int len) {
        Session s = current;
        if (len != 5 || s == null || OverlayCodec.getInt(pkt, 1) != s.remoteIndex || handshake != null) {
            drops.count(Drops.Reason.STRAY_REJECT);
            return;
        }
        listener.warn("tap-client: " + s.target.describe() + " no longer knows our session (it restarted?); joining again");
        startAttempt(nanoClock.getAsLong(), false);
    }

    private synchronized void onNodes(Session s, byte[] pkt, int payloadLen) {
        List<NodeList.Entry> nodes = NodeList.read(pkt, PAYLOAD_OFFSET, payloadLen);
        if (nodes == null) {
            drops.count(Drops.Reason.MALFORMED);
            return;
        }
        Target here = targets.get(targetIndex);
        List<Target> next = new ArrayList<>();
        List<Target> alternatives = new ArrayList<>();
        int idx = -1;
        for (NodeList.Entry e : nodes) {
            Target listed = new Target(HostPort.of(e.endpoint()), e.x25519Key(), e.name());
            if (here.key() != null && Arrays.equals(e.x25519Key(), here.key())) {
                // The node we are on: keep the address that reaches it from here (its advertised endpoint may not,
                // e.g. behind NAT or on another interface), with the name the list gives; the advertised one last.
                idx = next.size();
                next.add(new Target(here.where(), here.key(), e.name()));
                if (!listed.where().equals(here.where())) {
                    alternatives.add(listed);
                }
            } else {
                next.add(listed);
            }
        }
        if (idx < 0 && here.key() != null) {
            idx = 0;
            next.add(0, here);                            // the node we are on is not in its own list: keep it
        }
        next.addAll(alternatives);
        for (HostPort h : configured) {                  // hints stay as a last resort (a later enrolled node...)
            boolean listed = false;
            for (Target t : next) {
                listed |= t.where().equals(h);
            }
            if (!listed) {
                next.add(new Target(h, null, null));
            }
        }
        idx = Math.max(idx, 0);
        targets = next;
        targetIndex = idx;
        List<String> described = new ArrayList<>();
        for (Target t : next) {
            described.add(t.describe());
        }
        String summary = String.join(", ", described);
        if (!summary.equals(lastNodes)) {
            lastNodes = summary;
            listener.nodes(described);
        }
    }

    private synchronized void onBye(Session s, RejectReason reason) {
        if (stopped || current != s) {
            return;
        }
        if (reason.isFinal()) {
            stopped = true;
            listener.finished(TapClientMain.EXIT_REFUSED, "tap-client: the node ended the session: " + reason.message);
            return;
        }
        listener.warn("tap-client: " + s.target.describe() + " ended the session (" + reason.message + "); joining again");
        current = null;
        round = 1;                                       // go to the next node: this one is leaving
        startAttempt(nanoClock.getAsLong(), true);
    }

    /** Timer thread, every {@link Timeouts#TICK_MILLIS}: first handshake, retries, rekey, keepalives, liveness. */
    public synchronized void tick() {
        if (stopped) {
            return;
        }
        long now = nanoClock.getAsLong();
        Session s = current;
        Session p = previous;
        if (p != null && (s == null || now - s.createdNanos >= Timeouts.KEEP_PREVIOUS)) {
            previous = null;
            p.keys.destroy();
        }
        if (s == null) {
            if (!started) {
                startAttempt(now, false);
            } else if (now - nextAttemptAt >= 0) {
                round++;
                startAttempt(now, true);
            }
            return;
        }
        if (now - lastHeard.get() >= Timeouts.SESSION_DEAD) {
            listener.warn("tap-client: nothing heard from " + s.target.describe() + " for "
                    + Timeouts.SESSION_DEAD / 1_000_000_000L + " s; joining again");
            current = null;
            round = 1;
            startAttempt(now, true);
            return;
        }
        if (probeOrFailOver(s, now)) {
            return;
        }
        boolean due = now - s.createdNanos >= Timeouts.REKEY_AFTER || s.counter.get() >= Timeouts.REKEY_AFTER_MESSAGES;
        if (due && handshake == null && !rekeying) {
            rekeying = true;
            round = 0;
            sendInit(now, false);
        } else if ((handshake != null || rekeying) && now - nextAttemptAt >= 0) {
            round++;
            sendInit(now, false);                        // retry the rekey with the same node
        }
        if (now - nextKeepaliveAt >= 0) {
            sendControl(s, PacketType.KEEPALIVE, -1);
            nextKeepaliveAt = now + Timeouts.KEEPALIVE_INTERVAL;
        }
    }

    /**
     * Fast failover. While this client sends (a frame went out since the last tick, or a probe is running) and the
     * node has been silent for {@link Timeouts#PROBE_AFTER}, ask it once a second (KEEPALIVE → KEEPALIVE_ACK); when
     * it stays silent for {@link Timeouts#PROBED_DEAD} more, take it for dead and move to the next node of the
     * list at once (the TAP, its MAC and its address stay; TCP retransmits across the gap). An idle client sends
     * nothing extra: it notices a dead node at its next frame or keepalive.
     *
     * @return true when the session was given up (a new attempt started)
     */
    private boolean probeOrFailOver(Session s, long now) {
        long out = framesOut.get();
        boolean sending = out != framesOutAtTick;
        framesOutAtTick = out;
        long silent = now - lastHeard.get();
        if (silent < Timeouts.PROBE_AFTER) {
            probingSince = 0;
            return false;
        }
        if (probingSince == 0) {
            if (!sending) {
                return false;
            }
            probingSince = now;
            lastProbeAt = now - Timeouts.PROBE_INTERVAL;
        }
        if (now - probingSince >= Timeouts.PROBED_DEAD) {
            listener.warn("tap-client: " + s.target.describe() + " did not answer for "
                    + (silent / 1_000_000L) + " ms; moving to the next node");
            probingSince = 0;
            current = null;
            round = 1;
            startAttempt(now, true);
            return true;
        }
        if (now - lastProbeAt >= Timeouts.PROBE_INTERVAL) {
            lastProbeAt = now;
            sendControl(s, PacketType.KEEPALIVE, -1);
        }
        return false;
    }

    /** Sends a sealed BYE (client shutdown) when joined, and stops all further sending. Idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        Session s = current;
        if (s != null) {
            sendControl(s, PacketType.BYE, RejectReason.CLIENT_SHUTDOWN.code);
        }
    }

    /** A new attempt: (failover when {@code next},) resolve, connect, then CERT_REQUEST or INIT. */
    private void startAttempt(long now, boolean next) {
        started = true;
        rekeying = false;
        if (handshake != null) {
            handshake.abandon();
            handshake = null;
        }
        certRequest = 0;
        if (next && round > 0 && targets.size() > 1) {
            targetIndex = (targetIndex + 1) % targets.size();
            cookie = null;                               // a cookie is good for the node that made it only
        }
        Target t = targets.get(targetIndex);
        armRetry(now);
        try {
            InetSocketAddress endpoint = t.where().resolve();
            transport.connect(endpoint);
            transportEndpoint = endpoint;
        } catch (IOException e) {
            listener.warn("tap-client: cannot reach " + t.where() + ": " + e.getMessage() + "; retrying");
            return;
        }
        if (t.key() == null) {
            long id;
            do {
                id = random.nextLong();
            } while (id == 0);
            certRequest = id;
            send(CertExchange.writeRequest(ctl, id, creds.chainId()));
        } else {
            sendInit(now, true);
        }
    }

    /** A warning, unless it is the same line as the last one (a node that keeps refusing is said once). */
    private void warnOnce(String line) {
        if (!line.equals(lastWarning)) {
            lastWarning = line;
            listener.warn(line);
        }
    }

    private static String hex(byte[] id) {
        return java.util.HexFormat.of().formatHex(id, 0, 8);
    }

    private void armRetry(long now) {
        long delay = Math.min(Timeouts.HANDSHAKE_RETRY_FIRST << Math.min(round, 20), Timeouts.HANDSHAKE_RETRY_MAX);
        delay = (long) (delay * (1 - Timeouts.JITTER + 2 * Timeouts.JITTER * random.nextDouble()));
        nextAttemptAt = now + delay;
    }

    /** Builds a fresh INIT (new ephemeral key, new timestamp) to the current target and sends it. */
    private void sendInit(long now, boolean armed) {
        if (!armed) {
            armRetry(now);
        }
        if (handshake != null) {
            handshake.abandon();
        }
        Target t = targets.get(targetIndex);
        int index;
        do {
            index = random.nextInt();
        } while (index == 0 || (current != null && index == current.localIndex)
                || (previous != null && index == previous.localIndex));
        byte[] ts = Tai64n.of(wallClock.getAsLong(), now % 1_000_000L);
        if (!Tai64n.isAfter(ts, lastTimestamp)) {
            ts = Tai64n.next(lastTimestamp);           // the node refuses a timestamp it has seen: never go back
        }
        lastTimestamp = ts;
        handshake = new InitiatorHandshake(creds.accessPrivateKey(), t.key(), creds.chainId(), creds.networkId(), index,
                ts, random);
        cookieUsed = false;
        boolean fresh = cookie != null && now - cookieAt < Timeouts.COOKIE_VALID;
        send(handshake.writeInit(ctl, fresh ? cookie : null));
    }

    /** Seals and sends a control packet under the session's send key; {@code payloadByte} < 0 means an empty payload. */
    private void sendControl(Session s, byte type, int payloadByte) {
        OverlayCodec.writeHeader(ctl, s.remoteIndex, s.counter.getAndIncrement());
        ctl[OFFSET_TYPE] = type;
        int plain = 1;
        if (payloadByte >= 0) {
            ctl[PAYLOAD_OFFSET] = (byte) payloadByte;
            plain = 2;
        }
        send(controlCipher.seal(ctl, plain, s.keys.send));
    }

    private void send(int len) {
        ctlBuf.clear().limit(len);
        if (!transport.send(ctlBuf)) {
            drops.count(Drops.Reason.SEND_FAILED);
        }
    }
}
