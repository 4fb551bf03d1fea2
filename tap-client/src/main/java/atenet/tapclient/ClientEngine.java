package atenet.tapclient;

import atenet.wire.net.HostPort;
import atenet.wire.crypto.KeyId;
import atenet.wire.crypto.PacketCipher;
import atenet.wire.crypto.ReplayWindow;
import atenet.wire.crypto.SessionKeys;
import atenet.wire.crypto.X25519Keys;
import atenet.wire.overlay.OverlayCodec;
import atenet.wire.overlay.OverlayHeader;
import atenet.wire.overlay.PacketType;
import atenet.wire.overlay.RejectReason;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

import static atenet.wire.overlay.OverlayHeader.OFFSET_TYPE;

/**
 * The client side of the overlay protocol: handshake, keepalive, liveness, failover, sealing and opening.
 * No TAP and no sockets here: packets go out through a {@link Transport}, time comes from a nanosecond clock,
 * so tests drive it with a fake node and a fake clock.
 *
 * <h2>Roles and messages</h2>
 * <pre>
 *  client                                            node
 *    | HELLO  (hello key, counter n)  type|version=1   |   shared    = X25519(access private, node public)
 *    |------------------------------------------------>|   hello key = HKDF(shared, network id, clientSession)
 *    |     REJECT (clear, counter 0) type|reason        |   refusal: final reasons end the client (exit 3)
 *    |<- - - - - - - - - - - - - - - - - - - - - - - - -|
 *    |  HELLO_ACK (n2c, session = nodeSession)          |   c2n/n2c = HKDF(shared, network id, clientSession, nodeSession)
 *    |  type|version|advised TAP MTU (2 B)              |
 *    |<------------------------------------------------|
 *    | KEEPALIVE (c2n) at once: the node makes us a     |
 *    | switch port only after a packet under c2n        |
 *    |------------------------------------------------>|
 *    | FRAME / KEEPALIVE every 15 s / BYE (c2n)         |
 *    |<==============================================>|   FRAME / KEEPALIVE_ACK / BYE (n2c)
 * </pre>
 * Every header carries (network id, sender key id, session id, counter). The client's packets carry its own key id
 * and clientSession; the node's carry the node's key id and nodeSession. clientSession is random and non-zero, new for
 * every handshake; the counter starts at 1 and grows by one per packet sent in it (HELLOs included).
 *
 * <h2>Retries, failover, abort</h2>
 * A handshake round sends one HELLO to one node and waits 1 s, 2 s, 4 s ... (cap 30 s, +-20 % jitter). When a
 * round ends without HELLO_ACK the next round goes to the next node of the list (failover); the host name is
 * resolved again every round. REJECT (unauthenticated) is taken only when it echoes our key id and clientSession:
 * a final reason (unknown network/key, revoked, expired, bad auth) while handshaking ends the client; UNKNOWN_SESSION
 * once joined (the node restarted) starts a new handshake at once; while handshaking it is left to the backoff. Once joined, nothing authenticated from the
 * node for 45 s, or a non-final BYE, starts a new handshake; a final BYE (revoked ...) ends the client.
 *
 * <h2>Replay</h2>
 * A node packet is checked in this order: length, network id, node key id, nodeSession, AEAD open, then the
 * replay window (only authenticated counters move it). Any failure is a counted drop ({@link Drops}), never an
 * exception or a log line.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li>{@link #sealFrame} HOT: the TAP reader thread, with its own {@link PacketCipher}.</li>
 *   <li>{@link #onDatagram} HOT: the UDP receiver thread, with its own cipher; it owns the session's ReplayWindow.</li>
 *   <li>{@link #tick}, {@link #stop} and the cold branches of onDatagram (HELLO_ACK, REJECT, BYE) hold the
 *       engine's monitor and use the control cipher and buffer.</li>
 * </ul>
 * The hot paths read the current {@link Session}, an immutable object published through a volatile field: no locks
 * and no allocation per frame. The listener is called with the monitor held and must not call back into the engine.
 */
public final class ClientEngine {
    public static final int PROTOCOL_VERSION = 1;
    /** Offset of the frame (or other payload) in a packet: header + type byte. */
    public static final int PAYLOAD_OFFSET = OverlayHeader.HEADER_LEN + OverlayHeader.TYPE_LEN;

    /** One node the client may join through: where to send and the X25519 key it answers with. */
    public record NodeTarget(HostPort where, byte[] publicKey) {
    }

    /** The outcome of a successful handshake. */
    public record Joined(HostPort via, InetSocketAddress endpoint, int advisedMtu) {
    }

    public interface Listener {
        /** The handshake completed (also after every reconnect). */
        void joined(Joined j);

        /** A non-fatal event worth one line on stderr (session lost, name not resolved...). */
        void warn(String line);

        /** The client must end: exit code and the line to print on stderr. */
        void finished(int exitCode, String line);
    }

    /** One handshake attempt or joined session. Immutable except its counter (atomic) and replay window (receiver thread). */
    static final class Session {
        final long clientSession;
        final AtomicLong counter;
        final int target;
        final long nodeKeyId;
        final SecretKeySpec helloKey;
        final InetSocketAddress endpoint;
        /** 0 while handshaking. */
        final long nodeSession;
        /** null while handshaking. */
        final SessionKeys keys;
        final ReplayWindow replay;
        final int advisedMtu;

        Session(long clientSession, AtomicLong counter, int target, long nodeKeyId, SecretKeySpec helloKey,
                InetSocketAddress endpoint, long nodeSession, SessionKeys keys, ReplayWindow replay, int advisedMtu) {
            this.clientSession = clientSession;
            this.counter = counter;
            this.target = target;
            this.nodeKeyId = nodeKeyId;
            this.helloKey = helloKey;
            this.endpoint = endpoint;
            this.nodeSession = nodeSession;
            this.keys = keys;
            this.replay = replay;
            this.advisedMtu = advisedMtu;
        }

        boolean joined() {
            return keys != null;
        }
    }

    private final byte[] networkId;
    private final long netHi;
    private final long netLo;
    private final long ownKeyId;
    private final List<NodeTarget> targets;
    private final byte[][] shared;
    private final long[] nodeKeyIds;
    private final Transport transport;
    private final LongSupplier nanoClock;
    private final RandomGenerator random;
    private final Listener listener;
    private final Drops drops;

    /** Published to the hot paths. */
    private volatile Session session;
    /** Clock of the last authenticated node packet; written by the receiver with a release store. */
    private final AtomicLong lastHeard = new AtomicLong();
    private final AtomicLong framesOut = new AtomicLong();
    private final AtomicLong framesIn = new AtomicLong();

    // ---- guarded by this ----
    private final PacketCipher controlCipher = new PacketCipher();
    private final byte[] ctl = new byte[OverlayHeader.MIN_SEALED_LEN + 16];
    private final ByteBuffer ctlBuf = ByteBuffer.wrap(ctl);
    private int targetIndex;
    private int round;
    private long nextHelloAt;
    private long nextKeepaliveAt;
    private boolean stopped;

    /**
     * @throws IllegalArgumentException when {@code targets} is empty or holds an unusable node key
     */
    public ClientEngine(byte[] networkId, byte[] accessPrivateKey, List<NodeTarget> targets, Transport transport,
                        LongSupplier nanoClock, RandomGenerator random, Listener listener, Drops drops) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("the token names no node; issue it after a node has joined the network, or pass --server");
        }
        this.networkId = networkId.clone();
        this.netHi = OverlayCodec.getLong(networkId, 0);
        this.netLo = OverlayCodec.getLong(networkId, 8);
        this.ownKeyId = KeyId.of(X25519Keys.publicOf(accessPrivateKey));
        this.targets = List.copyOf(targets);
        this.shared = new byte[targets.size()][];
        this.nodeKeyIds = new long[targets.size()];
        for (int i = 0; i < targets.size(); i++) {
            try {
                shared[i] = X25519Keys.agree(accessPrivateKey, targets.get(i).publicKey());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the token is corrupted: node " + targets.get(i).where() + " has an unusable key");
            }
            nodeKeyIds[i] = KeyId.of(targets.get(i).publicKey());
        }
        this.transport = transport;
        this.nanoClock = nanoClock;
        this.random = random;
        this.listener = listener;
        this.drops = drops;
    }

    public long ownKeyId() {
        return ownKeyId;
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
        Session s = session;
        return s != null && s.joined();
    }

    /** The current clientSession (0 before the first handshake); for tests and diagnostics. */
    public long clientSession() {
        Session s = session;
        return s == null ? 0 : s.clientSession;
    }

    // =====================================================================================================
    // HOT PATH: TAP reader thread
    // =====================================================================================================

    /**
     * Seals the frame at {@code pkt[41 .. 41 + frameLen)} in place: writes the header and type, encrypts.
     *
     * @return the packet length to send, or -1 (counted) when not joined
     */
    public int sealFrame(PacketCipher cipher, byte[] pkt, int frameLen) {
        Session s = session;
        if (s == null || s.keys == null) {
            drops.count(Drops.Reason.NOT_JOINED);
            return -1;
        }
        OverlayCodec.writeHeader(pkt, netHi, netLo, ownKeyId, s.clientSession, s.counter.getAndIncrement());
        pkt[OFFSET_TYPE] = PacketType.FRAME;
        framesOut.lazySet(framesOut.get() + 1);
        return cipher.seal(pkt, OverlayHeader.TYPE_LEN + frameLen, s.keys.clientToNode);
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
        Session s = session;
        if (s == null) {
            drops.count(Drops.Reason.WRONG_SESSION);
            return 0;
        }
        if (len == OverlayHeader.REJECT_LEN && OverlayCodec.isReject(pkt, len)) {
            onReject(s, pkt);
            return 0;
        }
        if (!OverlayCodec.hasSealedLength(len)) {
            drops.count(Drops.Reason.MALFORMED);
            return 0;
        }
        if (OverlayCodec.networkHi(pkt) != netHi || OverlayCodec.networkLo(pkt) != netLo) {
            drops.count(Drops.Reason.WRONG_NETWORK);
            return 0;
        }
        if (OverlayCodec.keyId(pkt) != s.nodeKeyId) {
            drops.count(Drops.Reason.UNKNOWN_KEY);
            return 0;
        }
        if (s.keys == null) {
            onHelloAck(s, cipher, pkt, len);
            return 0;
        }
        if (OverlayCodec.sessionId(pkt) != s.nodeSession) {
            drops.count(Drops.Reason.WRONG_SESSION);
            return 0;
        }
        int plain = cipher.open(pkt, len, s.keys.nodeToClient);
        if (plain < OverlayHeader.TYPE_LEN) {
            drops.count(Drops.Reason.BAD_AUTH);
            return 0;
        }
        if (!s.replay.accept(OverlayCodec.counter(pkt))) {
            drops.count(Drops.Reason.REPLAY);
            return 0;
        }
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
            case PacketType.HELLO_ACK:     // a duplicate of the one that made this session: liveness only
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

    private synchronized void onHelloAck(Session s, PacketCipher cipher, byte[] pkt, int len) {
        if (stopped || session != s) {
            drops.count(Drops.Reason.WRONG_SESSION);
            return;
        }
        long nodeSession = OverlayCodec.sessionId(pkt);
        if (nodeSession == 0) {
            drops.count(Drops.Reason.MALFORMED);
            return;
        }
        SessionKeys keys = SessionKeys.derive(shared[s.target], networkId, s.clientSession, nodeSession);
        int plain = cipher.open(pkt, len, keys.nodeToClient);
        if (plain < 0) {
            drops.count(Drops.Reason.BAD_AUTH);
            return;
        }
        // HELLO_ACK payload: version (1 B) | advised TAP MTU (2 B)
        if (pkt[OFFSET_TYPE] != PacketType.HELLO_ACK || plain < 1 + 3) {
            drops.count(pkt[OFFSET_TYPE] != PacketType.HELLO_ACK ? Drops.Reason.UNKNOWN_TYPE : Drops.Reason.MALFORMED);
            return;
        }
        if ((pkt[PAYLOAD_OFFSET] & 0xff) != PROTOCOL_VERSION) {
            drops.count(Drops.Reason.MALFORMED);
            return;
        }
        int advisedMtu = OverlayCodec.getShort(pkt, PAYLOAD_OFFSET + 1);
        ReplayWindow replay = new ReplayWindow();
        replay.accept(OverlayCodec.counter(pkt));
        Session joined = new Session(s.clientSession, s.counter, s.target, s.nodeKeyId, s.helloKey, s.endpoint,
                nodeSession, keys, replay, advisedMtu);
        long now = nanoClock.getAsLong();
        lastHeard.set(now);
        session = joined;
        round = 0;
        nextKeepaliveAt = now + Timeouts.KEEPALIVE_INTERVAL;
        sendControl(joined, PacketType.KEEPALIVE, -1);
        listener.joined(new Joined(targets.get(s.target).where(), s.endpoint, advisedMtu));
    }

    private synchronized void onReject(Session current, byte[] pkt) {
        if (stopped || session != current || OverlayCodec.sessionId(pkt) != current.clientSession
                || OverlayCodec.keyId(pkt) != ownKeyId) {
            drops.count(Drops.Reason.STRAY_REJECT);
            return;
        }
        RejectReason reason = OverlayCodec.rejectReason(pkt);
        HostPort from = targets.get(current.target).where();
        if (reason == RejectReason.UNKNOWN_SESSION) {
            if (current.joined()) {
                listener.warn("tap-client: " + from + " does not know our session (node restarted?); joining again");
                startHandshake(nanoClock.getAsLong());
            }
            // While handshaking it means the node could not open our HELLO (it holds another key than the
            // token names): the retransmit timer backs off and fails over instead of spinning.
            return;
        }
        if (current.joined()) {
            // Unauthenticated: once joined, only UNKNOWN_SESSION is believed; a session is ended by an authenticated BYE.
            drops.count(Drops.Reason.STRAY_REJECT);
            return;
        }
        if (reason.isFinal()) {
            stopped = true;
            listener.finished(TapClientMain.EXIT_REFUSED, "tap-client: refused by " + from + ": " + reason.message);
        }
        // Other reasons (node shutting down, too many sessions): the retransmit timer fails over to the next node.
    }

    private synchronized void onBye(Session s, RejectReason reason) {
        if (stopped || session != s) {
            return;
        }
        if (reason.isFinal()) {
            stopped = true;
            listener.finished(TapClientMain.EXIT_REFUSED, "tap-client: the node ended the session: " + reason.message);
            return;
        }
        listener.warn("tap-client: " + targets.get(s.target).where() + " ended the session (" + reason.message + "); joining again");
        startHandshake(nanoClock.getAsLong());
    }

    /** Timer thread, every {@link Timeouts#TICK_MILLIS}: first handshake, retransmits, keepalives, liveness. */
    public synchronized void tick() {
        if (stopped) {
            return;
        }
        long now = nanoClock.getAsLong();
        Session s = session;
        if (s == null) {
            startHandshake(now);
        } else if (!s.joined()) {
            if (now - nextHelloAt >= 0) {
                helloRound(now);
            }
        } else if (now - lastHeard.get() >= Timeouts.SESSION_DEAD) {
            listener.warn("tap-client: nothing heard from " + targets.get(s.target).where() + " for "
                    + Timeouts.SESSION_DEAD / 1_000_000_000L + " s; joining again");
            startHandshake(now);
        } else if (now - nextKeepaliveAt >= 0) {
            sendControl(s, PacketType.KEEPALIVE, -1);
            nextKeepaliveAt = now + Timeouts.KEEPALIVE_INTERVAL;
        }
    }

    /** Sends a sealed BYE (client shutdown) when joined, and stops all further sending. Idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        Session s = session;
        if (s != null && s.joined()) {
            sendControl(s, PacketType.BYE, RejectReason.CLIENT_SHUTDOWN.code);
        }
    }

    private void startHandshake(long now) {
        long cs;
        do {
            cs = random.nextLong();
        } while (cs == 0);
        Session s = session;
        int target = s == null ? targetIndex : s.target;
        targetIndex = target;
        session = new Session(cs, new AtomicLong(1), target, nodeKeyIds[target],
                SessionKeys.helloKey(shared[target], networkId, cs), s == null ? null : s.endpoint, 0, null, null, 0);
        round = 0;
        helloRound(now);
    }

    /** One handshake round: (failover,) resolve, connect, HELLO, arm the retransmit. */
    private void helloRound(long now) {
        if (round > 0) {
            targetIndex = (targetIndex + 1) % targets.size();
        }
        long delay = Math.min(Timeouts.HELLO_RETRY_FIRST << Math.min(round, 20), Timeouts.HELLO_RETRY_MAX);
        delay = (long) (delay * (1 - Timeouts.JITTER + 2 * Timeouts.JITTER * random.nextDouble()));
        nextHelloAt = now + delay;
        round++;
        Session s = session;
        NodeTarget t = targets.get(targetIndex);
        InetSocketAddress endpoint;
        try {
            endpoint = t.where().resolve();
            transport.connect(endpoint);
        } catch (IOException e) {
            listener.warn("tap-client: cannot reach " + t.where() + ": " + e.getMessage() + "; retrying");
            return;
        }
        if (s.target != targetIndex || !endpoint.equals(s.endpoint)) {
            s = new Session(s.clientSession, s.counter, targetIndex, nodeKeyIds[targetIndex],
                    SessionKeys.helloKey(shared[targetIndex], networkId, s.clientSession), endpoint, 0, null, null, 0);
            session = s;
        }
        ctl[PAYLOAD_OFFSET] = (byte) PROTOCOL_VERSION;
        OverlayCodec.writeHeader(ctl, netHi, netLo, ownKeyId, s.clientSession, s.counter.getAndIncrement());
        ctl[OFFSET_TYPE] = PacketType.HELLO;
        int len = controlCipher.seal(ctl, 2, s.helloKey);
        send(len);
    }

    /** Seals and sends a control packet under c2n; {@code payloadByte} < 0 means an empty payload. */
    private void sendControl(Session s, byte type, int payloadByte) {
        OverlayCodec.writeHeader(ctl, netHi, netLo, ownKeyId, s.clientSession, s.counter.getAndIncrement());
        ctl[OFFSET_TYPE] = type;
        int plain = 1;
        if (payloadByte >= 0) {
            ctl[PAYLOAD_OFFSET] = (byte) payloadByte;
            plain = 2;
        }
        send(controlCipher.seal(ctl, plain, s.keys.clientToNode));
    }

    private void send(int len) {
        ctlBuf.clear().limit(len);
        if (!transport.send(ctlBuf)) {
            drops.count(Drops.Reason.SEND_FAILED);
        }
    }
}
