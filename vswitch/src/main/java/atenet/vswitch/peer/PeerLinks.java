package atenet.vswitch.peer;

import atenet.vswitch.udp.Admission;
import atenet.vswitch.udp.AdmissionVerdict;
import atenet.vswitch.udp.DataPlaneStatus;
import atenet.vswitch.udp.DropCounters;
import atenet.vswitch.udp.DropReason;
import atenet.vswitch.udp.NetworkInfo;
import atenet.vswitch.udp.NodeIdentity;
import atenet.vswitch.udp.ServingNode;
import atenet.vswitch.udp.Timeouts;
import atenet.vswitch.udp.Underlay;
import atenet.vswitch.util.LongObjectMap;
import atenet.wire.crypto.KeyId;
import atenet.wire.handshake.HandshakeLayout;
import atenet.wire.handshake.HandshakeMacs;
import atenet.wire.handshake.InitiatorHandshake;
import atenet.wire.handshake.ResponderHandshake;
import atenet.wire.handshake.Tai64n;
import atenet.wire.handshake.TransportKeys;
import atenet.wire.overlay.OverlayCodec;
import atenet.wire.overlay.OverlayHeader;
import atenet.wire.overlay.PacketType;
import atenet.wire.overlay.RejectReason;
import atenet.wire.port.Port;
import atenet.wire.port.PortLink;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import static atenet.wire.overlay.OverlayHeader.OFFSET_TYPE;

/**
 * Switching between nodes: the full mesh of encrypted UDP links between the nodes that serve the same network, one
 * {@link PeerLink} (one PEER port) per (other node, network). It runs on the data-plane thread, which hands it what
 * the clear first byte and the receiver index say is a peer's, and runs its timers.
 *
 * <h2>Who the peers are</h2>
 * The {@link Admission} snapshot: for every network this node serves (its own X25519 key is among the network's
 * {@link ServingNode}s), every other serving node. A removed node has no memberships, so it is nobody's peer; a node
 * is never its own. A link whose peer left the list ends (BYE if it was up).
 *
 * <h2>Handshake: who dials, how a peer is told from a client</h2>
 * <pre>
 *   node with the smaller node id (dialler)              other node (answerer)
 *   PEER_INIT: Noise IK msg 1, node key as static ──────▶ HandshakeGate (mac1, cookies, budgets) → Noise under the
 *              "atenet/1 peer IK" prologue                peer prologue → Admission.admitPeer: an enrolled node serving
 *                                                        the network with us, not us, and the one that should dial?
 *                                                        timestamp newer than its last? → RESPONSE (accept | refuse)
 *   ◀──────────────────────────────────────────────────── COOKIE (under load): resend once with mac2
 *   ◀──────────────────────────────────────────────────── RESPONSE: session up at once; KEEPALIVE confirms it ──▶ up
 * </pre>
 * A client INIT is read under the client prologue and only ever admitted against the access keys (never a node key,
 * {@link Admission#admit}); a PEER_INIT only against the node keys ({@link Admission#admitPeer}). The kind byte picks
 * the prologue, so changing it breaks the handshake.
 *
 * <h2>Receiver indexes</h2>
 * Indexes this node chooses for peer sessions (and pending PEER_INITs) have the top bit set, client sessions' never
 * ({@link #isPeerIndex}): a TRANSPORT, RESPONSE or COOKIE is routed by one bit test, and a client can never land in a
 * peer's session table.
 *
 * <h2>Liveness (timers, every {@link PeerTimeouts#TIMER_NANOS})</h2>
 * <pre>
 *   up, nothing sent for 1 s              → KEEPALIVE (both sides; no answer needed: each hears the other)
 *   up, nothing heard for 5 s             → dead: port detached (its MACs are forgotten), keys dropped
 *   up, session keys older than 180 s     → dead (keys are never used past Reject-After-Time)
 *   dialler, not up, attempt due          → PEER_INIT, next attempt after 1 s, 2 s, 4 s, 8 s, 8 s … (+ jitter)
 *   dialler, up, session older than 120 s → rekey: a new PEER_INIT; the old keys carry traffic until it answers
 *   UNKNOWN_SESSION hint naming our current session (the peer restarted) → dial at once (at most once a second)
 * </pre>
 *
 * <h2>Forwarding</h2>
 * A peer's FRAME enters its network's switch through the link's port, whose kind is PEER: SwitchCore learns the
 * source MAC on that port and never floods it on to another peer (split horizon); local floods reach every peer port.
 * HOT PATH ({@link #onTransport}, {@link #sendFrame}): no allocation of ours, no lock; sealed and opened in place.
 *
 * <p>Everything a peer sends is untrusted: every bad datagram is a counted drop, nothing is thrown on purpose (what
 * slips through is caught by the data plane's one exception path).
 */
public final class PeerLinks {
    /** The switch of each network, as the data plane lends it. */
    public interface Networks {
        /** Attaches {@code port} to network {@code (netHi, netLo)}; null when the network is unknown or full. */
        PortLink attach(long netHi, long netLo, Port port);
    }

    /** The bit that marks a receiver index as a peer session's (this node chose it). */
    public static final int PEER_INDEX_BIT = 0x8000_0000;
    private static final long INDEX_MASK = 0xffffffffL;
    /** A PEER_INIT, larger than a RESPONSE or a BYE. */
    private static final int CTL_LEN = HandshakeLayout.INIT_LEN;

    private final Underlay socket;
    private final NodeIdentity identity;
    private final byte[] ownKey;
    private final DropCounters drops;
    private final SecureRandom random;
    private final LongSupplier wallClock;
    private final Networks networks;
    private final Map<PeerKey, PeerLink> links = new LinkedHashMap<>();
    /** Sessions by the receiver index we chose. */
    private final LongObjectMap<PeerSession> sessions = new LongObjectMap<>(64);
    /** Links with a PEER_INIT in flight, by its sender index. */
    private final LongObjectMap<PeerLink> dialling = new LongObjectMap<>(16);
    private final byte[] tx = new byte[OverlayHeader.MAX_PACKET_LEN];
    private final byte[] ctl = new byte[CTL_LEN];
    private Admission admission = Admission.EMPTY;
    /** The data plane's clock at the start of its current turn. */
    private long now;
    private long nextTimerNanos;
    private boolean timersStarted;

    /** A link's identity: the peer's X25519 key (what its handshake proves) and the network. */
    private record PeerKey(long keyId, long netHi, long netLo) {
    }

    public PeerLinks(Underlay socket, NodeIdentity identity, DropCounters drops, SecureRandom random,
                     LongSupplier wallClock, Networks networks) {
        this.socket = socket;
        this.identity = identity;
        this.ownKey = identity.x25519Public();
        this.drops = drops;
        this.random = random;
        this.wallClock = wallClock;
        this.networks = networks;
    }

    /** True when {@code receiverIndex} names a peer session (or a PEER_INIT) of this node, not a client's. */
    public static boolean isPeerIndex(int receiverIndex) {
        return (receiverIndex & PEER_INDEX_BIT) != 0;
    }

    // ------------------------------------------------------------------ who the peers are

    /** Takes a new admission snapshot: links for new peers, ends links whose peer or network left. */
    public void apply(Admission next, long nowNanos) {
        admission = next;
        now = nowNanos;
        Set<PeerKey> wanted = new HashSet<>();
        for (NetworkInfo n : next.networks()) {
            ServingNode self = n.node(ownKey);
            if (self == null) {
                continue;                                // this node does not serve it: no peers there
            }
            for (ServingNode peer : n.nodes()) {
                if (peer.hasKey(ownKey)) {
                    continue;
                }
                PeerKey k = new PeerKey(KeyId.of(peer.x25519Key()), n.idHi(), n.idLo());
                PeerLink l = links.get(k);
                if (l == null) {
                    boolean dialler = Long.compareUnsigned(self.nodeId(), peer.nodeId()) < 0;
                    links.put(k, new PeerLink(this, peer, n, dialler, nowNanos));
                } else {
                    l.update(peer);
                }
                wanted.add(k);
            }
        }
        for (Iterator<Map.Entry<PeerKey, PeerLink>> it = links.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<PeerKey, PeerLink> e = it.next();
            if (!wanted.contains(e.getKey())) {
                end(e.getValue(), RejectReason.NOT_SERVING);
                it.remove();
            }
        }
    }

    /** Says BYE on every link that is up and ends them all (the node is shutting down). */
    public void closeAll() {
        for (PeerLink l : links.values()) {
            end(l, RejectReason.NODE_SHUTDOWN);
        }
        links.clear();
    }

    // ------------------------------------------------------------------ handshakes (cold path)

    /** The answering side: a PEER_INIT passed the gate and Noise. Admit, answer, or refuse (authenticated). */
    public void onInit(ResponderHandshake hs, InetSocketAddress from, long nowNanos) {
        now = nowNanos;
        byte[] net = hs.networkId();
        long hi = OverlayCodec.getLong(net, 0);
        long lo = OverlayCodec.getLong(net, 8);
        byte[] pub = hs.initiatorStatic();
        PeerLink l = links.get(new PeerKey(KeyId.of(pub), hi, lo));
        AdmissionVerdict v = l != null && l.state == PeerState.UP
                ? admission.admitPeerRekey(pub, ownKey, hi, lo)   // a live link goes on (and rekeys) while refusing
                : admission.admitPeer(pub, ownKey, hi, lo);
        if (v.admitted() && (l == null || l.dialler)) {
            v = AdmissionVerdict.NOT_A_PEER;            // out of turn: we dial that node, it must answer
        }
        if (!v.admitted()) {
            drops.count(v.drop);
            hs.refuse(v.reason.code, random, ctl);
            socket.send(ctl, HandshakeLayout.RESP_LEN, from, socket.localHi(), socket.localLo());
            return;
        }
        if (!Tai64n.isAfter(hs.timestamp(), l.lastInitTimestamp)) {
            drops.count(DropReason.REPLAYED_HANDSHAKE);  // no answer, no state: the live session is untouched
            return;
        }
        l.lastInitTimestamp = hs.timestamp();
        int index = newIndex();
        TransportKeys keys = hs.accept(index, l.mtu, random, ctl);
        PeerSession s = new PeerSession(index, hs.initiatorIndex(), keys, l, nowNanos);
        if (l.next != null) {
            dropSession(l.next);
        }
        l.next = s;
        sessions.put(index & INDEX_MASK, s);
        l.handshakes++;
        if (l.current == null) {
            l.endpoint = from;
            l.localHi = socket.localHi();
            l.localLo = socket.localLo();
        }
        socket.send(ctl, HandshakeLayout.RESP_LEN, from, socket.localHi(), socket.localLo());
    }

    /** The dialling side: a RESPONSE. Anything not answering one of our PEER_INITs is a counted drop. */
    public void onResponse(byte[] msg, int len, InetSocketAddress from, long nowNanos) {
        now = nowNanos;
        PeerLink l = len == HandshakeLayout.RESP_LEN ? pendingFor(OverlayCodec.getInt(msg, HandshakeLayout.RESP_OFFSET_RECEIVER)) : null;
        if (l == null) {
            drops.count(DropReason.MALFORMED);          // a kind the node receives only while dialling
            return;
        }
        int index = l.pending.senderIndex();
        InitiatorHandshake.Response r = l.pending.readResponse(msg, len);
        if (r == null) {
            drops.count(DropReason.BAD_MAC);
            return;
        }
        dialling.remove(index & INDEX_MASK);
        l.pending = null;
        if (!r.accepted()) {
            l.refusal = RejectReason.of(r.status()).message;   // authenticated; retried on the backoff
            return;
        }
        l.refusal = null;
        PeerSession s = new PeerSession(index, r.remoteIndex(), r.keys(), l, nowNanos);
        s.confirmed = true;
        sessions.put(index & INDEX_MASK, s);
        if (l.previous != null) {
            dropSession(l.previous);
        }
        l.previous = l.current;
        l.current = s;
        if (l.previous != null) {
            l.rekeys++;
        }
        l.endpoint = from;
        l.localHi = socket.localHi();
        l.localLo = socket.localLo();
        heard(l, nowNanos);
        l.backoff.reset();
        l.nextAttemptNanos = nowNanos;
        if (up(l)) {
            sendControl(l, PacketType.KEEPALIVE, -1);   // the answerer switches to these keys when it sees it
        }
    }

    /** The dialling side: the peer is under load and wants mac2. Resend the PEER_INIT with it, once per attempt. */
    public void onCookie(byte[] msg, int len, InetSocketAddress from, long nowNanos) {
        now = nowNanos;
        PeerLink l = len == HandshakeLayout.COOKIE_LEN ? pendingFor(OverlayCodec.getInt(msg, HandshakeLayout.COOKIE_OFFSET_RECEIVER)) : null;
        if (l == null || l.cookieAnswered) {
            drops.count(DropReason.MALFORMED);
            return;
        }
        byte[] c = HandshakeMacs.openCookieReply(msg, len, HandshakeMacs.cookieKey(l.peerKey), l.pending.mac1());
        if (c == null) {
            drops.count(DropReason.BAD_MAC);
            return;
        }
        l.cookie = c;
        l.cookieAtNanos = nowNanos;
        l.cookieAnswered = true;
        int n = l.pending.writeInit(ctl, c);
        socket.send(ctl, n, from, socket.localHi(), socket.localLo());
    }

    /**
     * An UNKNOWN_SESSION hint (unauthenticated): when it names our current session with a peer we dial and comes
     * from that peer's address, the peer restarted: dial now instead of after the dead timer. Otherwise a counted drop.
     */
    public void onUnknownSession(byte[] msg, int len, InetSocketAddress from, long nowNanos) {
        now = nowNanos;
        if (len == 5) {
            int index = OverlayCodec.getInt(msg, 1);
            for (PeerLink l : links.values()) {
                if (l.current != null && l.current.remoteIndex == index && from.equals(l.endpoint)) {
                    if (l.dialler && l.pending == null && nowNanos - l.lastDialNanos >= PeerTimeouts.HINT_REDIAL_NANOS
                            && admission.refusal() == null) {
                        dial(l, nowNanos);
                    }
                    return;
                }
            }
        }
        drops.count(DropReason.MALFORMED);
    }

    private PeerLink pendingFor(int index) {
        if (!isPeerIndex(index)) {
            return null;
        }
        PeerLink l = dialling.get(index & INDEX_MASK);
        return l != null && l.pending != null ? l : null;
    }

    /** Sends a new PEER_INIT to {@code l}'s peer (a first attempt, a retry, or a rekey). */
    private void dial(PeerLink l, long nowNanos) {
        abandon(l);
        int index = newIndex();
        byte[] ts = Tai64n.of(wallClock.getAsLong(), 0);
        if (!Tai64n.isAfter(ts, l.lastInitTimestamp)) {
            ts = Tai64n.next(l.lastInitTimestamp);     // two attempts in one millisecond, or a clock stepped back
        }
        l.lastInitTimestamp = ts;
        l.pending = InitiatorHandshake.peer(identity.x25519Private(), l.peerKey, identity.chainId(), l.networkId, index,
                ts, random);
        l.cookieAnswered = false;
        dialling.put(index & INDEX_MASK, l);
        boolean freshCookie = l.cookie != null && nowNanos - l.cookieAtNanos < PeerTimeouts.COOKIE_VALID_NANOS;
        int n = l.pending.writeInit(ctl, freshCookie ? l.cookie : null);
        InetSocketAddress to = l.state == PeerState.UP ? l.endpoint : l.chainEndpoint;
        socket.send(ctl, n, to, l.state == PeerState.UP ? l.localHi : 0, l.state == PeerState.UP ? l.localLo : 0);
        l.handshakes++;
        l.lastDialNanos = nowNanos;
        l.nextAttemptNanos = nowNanos + l.backoff.next(random);
    }

    private void abandon(PeerLink l) {
        if (l.pending != null) {
            dialling.remove(l.pending.senderIndex() & INDEX_MASK);
            l.pending.abandon();
            l.pending = null;
        }
    }

    private int newIndex() {
        int i;
        do {
            i = random.nextInt() | PEER_INDEX_BIT;
        } while (sessions.get(i & INDEX_MASK) != null || dialling.get(i & INDEX_MASK) != null);
        return i;
    }

    // ------------------------------------------------------------------ transport (HOT PATH)

    /**
     * HOT PATH. A TRANSPORT whose receiver index is a peer's ({@link #isPeerIndex}), in {@code pkt[0 .. len)}, length
     * already checked by the caller. Opened in place; a FRAME enters the switch through the link's port.
     *
     * @return false when no session has that index (the caller counts it and may hint the sender)
     */
    public boolean onTransport(byte[] pkt, int len, InetSocketAddress from, long nowNanos) {
        now = nowNanos;
        PeerSession s = sessions.get(OverlayCodec.receiver(pkt) & INDEX_MASK);
        if (s == null) {
            return false;
        }
        long counter = OverlayCodec.counter(pkt);
        if (!s.replay.isFresh(counter)) {
            drops.count(DropReason.REPLAY);
            return true;
        }
        int plain = s.opener.open(pkt, len, s.keys.receive);
        if (plain < 1) {
            drops.count(DropReason.BAD_AUTH);
            return true;
        }
        s.replay.accept(counter);
        PeerLink l = s.link;
        heard(l, nowNanos);
        if (from != l.endpoint && !from.equals(l.endpoint)) {
            l.endpoint = from;                           // roaming: follow the authenticated source
        }
        l.localHi = socket.localHi();
        l.localLo = socket.localLo();
        if (!s.confirmed && !confirm(s)) {
            return true;
        }
        switch (pkt[OFFSET_TYPE]) {
            case PacketType.FRAME -> {
                int frameLen = plain - 1;
                if (frameLen < atenet.wire.frame.EthernetFrame.MIN_LEN || l.link == null) {
                    drops.count(DropReason.MALFORMED);
                } else {
                    l.framesIn++;
                    l.bytesIn += frameLen;
                    l.link.receive(pkt, OFFSET_TYPE + 1, frameLen);
                }
            }
            case PacketType.KEEPALIVE -> {
                // liveness only: heard() above
            }
            case PacketType.BYE -> markDead(l, nowNanos);
            default -> drops.count(DropReason.BAD_TYPE);
        }
        return true;
    }

    private static void heard(PeerLink l, long nowNanos) {
        l.lastRxNanos = nowNanos;
        l.heard = true;
    }

    /** The answering side: the first packet under a new session's keys. Promote it; the link is up. */
    private boolean confirm(PeerSession s) {
        PeerLink l = s.link;
        s.confirmed = true;
        if (l.next != s) {
            return true;
        }
        if (l.previous != null) {
            dropSession(l.previous);
        }
        l.previous = l.current;
        l.current = s;
        l.next = null;
        if (l.previous != null) {
            l.rekeys++;
        }
        return up(l);
    }

    /** The link's port joins its network's switch (if it was not in it). False: the switch is full, the link is dead. */
    private boolean up(PeerLink l) {
        if (l.link == null) {
            PortLink pl = networks.attach(l.netHi, l.netLo, l);
            if (pl == null) {
                drops.count(DropReason.SESSION_LIMIT);
                markDead(l, now);
                return false;
            }
            l.link = pl;
        }
        l.state = PeerState.UP;
        return true;
    }

    /** HOT PATH. Seals one frame for the peer with the current session and sends it. Called by {@link PeerLink#transmit}. */
    void sendFrame(PeerLink l, byte[] frame, int off, int len) {
        PeerSession s = l.current;
        if (s == null || len > OverlayHeader.MAX_PAYLOAD_LEN - 1) {
            drops.count(DropReason.MALFORMED);
            return;
        }
        System.arraycopy(frame, off, tx, OFFSET_TYPE + 1, len);
        tx[OFFSET_TYPE] = PacketType.FRAME;
        seal(l, s, 1 + len);
        l.framesOut++;
        l.bytesOut += len;
    }

    /** Seals a KEEPALIVE or BYE under the current session; {@code reasonByte} < 0: no payload. */
    private void sendControl(PeerLink l, byte type, int reasonByte) {
        PeerSession s = l.current;
        if (s == null) {
            return;
        }
        tx[OFFSET_TYPE] = type;
        if (reasonByte >= 0) {
            tx[OFFSET_TYPE + 1] = (byte) reasonByte;
            seal(l, s, 2);
        } else {
            seal(l, s, 1);
        }
    }

    private void seal(PeerLink l, PeerSession s, int plainLen) {
        OverlayCodec.writeHeader(tx, s.remoteIndex, s.nextCounter());
        int n = s.sealer.seal(tx, plainLen, s.keys.send);
        l.lastTxNanos = now;
        socket.send(tx, n, l.endpoint, l.localHi, l.localLo);
    }

    // ------------------------------------------------------------------ timers and ends (cold path)

    /** Runs the peer timers when due (every {@link PeerTimeouts#TIMER_NANOS}); the data plane calls it every turn. */
    public void timers(long nowNanos) {
        now = nowNanos;
        if (timersStarted && nowNanos - nextTimerNanos < 0) {
            return;
        }
        timersStarted = true;
        nextTimerNanos = nowNanos + PeerTimeouts.TIMER_NANOS;
        for (PeerLink l : links.values()) {
            timers(l, nowNanos);
        }
    }

    private void timers(PeerLink l, long nowNanos) {
        if (l.next != null && nowNanos - l.next.createdNanos > Timeouts.HALF_OPEN_NANOS) {
            dropSession(l.next);
            l.next = null;
        }
        if (l.previous != null && nowNanos - l.previous.createdNanos > Timeouts.REJECT_AFTER_NANOS) {
            dropSession(l.previous);
            l.previous = null;
        }
        if (l.state == PeerState.UP) {
            if (nowNanos - l.lastRxNanos >= PeerTimeouts.DEAD_NANOS
                    || nowNanos - l.current.createdNanos >= Timeouts.REJECT_AFTER_NANOS) {
                markDead(l, nowNanos);
            } else if (nowNanos - l.lastTxNanos >= PeerTimeouts.KEEPALIVE_NANOS) {
                sendControl(l, PacketType.KEEPALIVE, -1);
            }
        }
        boolean mayDial = admission.refusal() == null || l.state == PeerState.UP;   // refusing: live links still rekey
        if (l.dialler && mayDial && nowNanos - l.nextAttemptNanos >= 0) {
            boolean due = l.state != PeerState.UP || l.pending != null
                    || nowNanos - l.current.createdNanos >= PeerTimeouts.REKEY_AFTER_NANOS;
            if (due) {
                dial(l, nowNanos);
            }
        }
    }

    /** The peer went silent, said BYE, or its keys aged out: off the switch (MACs forgotten), keys dropped. */
    private void markDead(PeerLink l, long nowNanos) {
        if (l.link != null) {
            l.link.detach();
            l.link = null;
        }
        dropSessions(l);
        abandon(l);
        if (l.state == PeerState.UP) {
            l.deaths++;
        }
        l.state = PeerState.DEAD;
        l.backoff.reset();
        l.nextAttemptNanos = nowNanos;                  // the dialler tries again at once, then backs off
    }

    private void end(PeerLink l, RejectReason why) {
        if (l.state == PeerState.UP) {
            sendControl(l, PacketType.BYE, why.code);
        }
        if (l.link != null) {
            l.link.detach();
            l.link = null;
        }
        dropSessions(l);
        abandon(l);
        l.state = PeerState.DEAD;
    }

    private void dropSessions(PeerLink l) {
        for (PeerSession s : new PeerSession[]{l.current, l.previous, l.next}) {
            if (s != null) {
                dropSession(s);
            }
        }
        l.current = l.previous = l.next = null;
    }

    private void dropSession(PeerSession s) {
        sessions.remove(s.localIndex & INDEX_MASK);
        s.destroy();
    }

    // ------------------------------------------------------------------ status

    /** A typed snapshot of every link (data-plane thread). */
    public List<DataPlaneStatus.Peer> snapshot(long nowNanos) {
        List<DataPlaneStatus.Peer> out = new ArrayList<>(links.size());
        for (PeerLink l : links.values()) {
            out.add(new DataPlaneStatus.Peer(l.peerNodeId, l.name, l.networkName, l.endpoint, l.state.jsonName(),
                    l.dialler ? "dials" : "answers", l.index(), l.heard ? (nowNanos - l.lastRxNanos) / 1e9 : -1,
                    l.framesIn, l.bytesIn, l.framesOut, l.bytesOut, l.handshakes, l.rekeys, l.deaths, l.refusal));
        }
        return out;
    }
}
