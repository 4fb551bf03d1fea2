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
import atenet.wire.crypto.KeyId;
import atenet.wire.handshake.HandshakeLayout;
import atenet.wire.handshake.ResponderHandshake;
import atenet.wire.handshake.Tai64n;
import atenet.wire.handshake.TransportKeys;
import atenet.wire.overlay.OverlayCodec;
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
 *              "atenet/1 peer IK" prologue                peer prologue → Admission.admitPeer (an enrolled node serving
 *                                                        the network with us, not us; admitPeerRekey for a live link)
 *                                                        → the one that should dial? → timestamp newer than its last?
 *                                                        → RESPONSE (accept | authenticated refusal)
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
 * HOT PATH ({@link PeerTransport}): no allocation of ours, no lock; sealed and opened in place.
 *
 * <h2>Parts</h2>
 * This class: the table of links (from the admission), the answering side of the handshake, the timers, status.
 * {@link PeerDialler}: the dialling side. {@link PeerTransport}: sealed packets both ways and up/dead.
 * {@link PeerIndexes}: the receiver indexes. {@link PeerLink}: one link, its sessions and counters.
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

    private final Underlay socket;
    private final byte[] ownKey;
    private final DropCounters drops;
    private final SecureRandom random;
    private final Map<PeerKey, PeerLink> links = new LinkedHashMap<>();
    private final PeerIndexes indexes;
    private final PeerTransport transport;
    private final PeerDialler dialler;
    private final byte[] ctl = new byte[HandshakeLayout.RESP_LEN];
    private Admission admission = Admission.EMPTY;
    private long nextTimerNanos;
    private boolean timersStarted;

    /** A link's identity: the peer's X25519 key (what its handshake proves) and the network. */
    private record PeerKey(long keyId, long netHi, long netLo) {
    }

    public PeerLinks(Underlay socket, NodeIdentity identity, DropCounters drops, SecureRandom random,
                     LongSupplier wallClock, Networks networks) {
        this.socket = socket;
        this.ownKey = identity.x25519Public();
        this.drops = drops;
        this.random = random;
        this.indexes = new PeerIndexes(random);
        this.transport = new PeerTransport(socket, drops, indexes, networks);
        this.dialler = new PeerDialler(socket, identity, drops, random, wallClock, indexes, transport);
    }

    /** True when {@code receiverIndex} names a peer session (or a PEER_INIT) of this node, not a client's. */
    public static boolean isPeerIndex(int receiverIndex) {
        return (receiverIndex & PEER_INDEX_BIT) != 0;
    }

    // ------------------------------------------------------------------ who the peers are

    /** Takes a new admission snapshot: links for new peers, ends links whose peer or network left. */
    public void apply(Admission next, long nowNanos) {
        admission = next;
        transport.now = nowNanos;
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
                    boolean dials = Long.compareUnsigned(self.nodeId(), peer.nodeId()) < 0;
                    links.put(k, new PeerLink(transport, peer, n, dials, nowNanos));
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

    private void end(PeerLink l, RejectReason why) {
        if (l.state == PeerState.UP) {
            transport.sendControl(l, PacketType.BYE, why.code);
        }
        transport.detach(l);
        l.state = PeerState.DEAD;
    }

    // ------------------------------------------------------------------ datagrams the data plane hands over

    /** The answering side: a PEER_INIT passed the gate and Noise. Admit and answer, or refuse (authenticated). */
    public void onInit(ResponderHandshake hs, InetSocketAddress from, long nowNanos) {
        transport.now = nowNanos;
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
        int index = indexes.newIndex();
        TransportKeys keys = hs.accept(index, l.mtu, random, ctl);
        PeerSession s = new PeerSession(index, hs.initiatorIndex(), keys, l, nowNanos);
        if (l.next != null) {
            indexes.drop(l.next);
        }
        l.next = s;                                      // current once a packet under its keys arrives
        indexes.add(s);
        l.handshakes++;
        if (l.current == null) {
            l.endpoint = from;
            l.localHi = socket.localHi();
            l.localLo = socket.localLo();
        }
        socket.send(ctl, HandshakeLayout.RESP_LEN, from, socket.localHi(), socket.localLo());
    }

    /** A RESPONSE: only ever an answer to one of our PEER_INITs. */
    public void onResponse(byte[] msg, int len, InetSocketAddress from, long nowNanos) {
        dialler.onResponse(msg, len, from, nowNanos);
    }

    /** A COOKIE: a peer under load wants mac2 on our PEER_INIT. */
    public void onCookie(byte[] msg, int len, InetSocketAddress from, long nowNanos) {
        dialler.onCookie(msg, len, from, nowNanos);
    }

    /**
     * HOT PATH. A TRANSPORT whose receiver index is a peer's ({@link #isPeerIndex}), length already checked.
     *
     * @return false when no session has that index (the caller counts it and may hint the sender)
     */
    public boolean onTransport(byte[] pkt, int len, InetSocketAddress from, long nowNanos) {
        return transport.onTransport(pkt, len, from, nowNanos);
    }

    /**
     * An UNKNOWN_SESSION hint (unauthenticated): when it names our current session with a peer we dial and comes
     * from that peer's address, the peer restarted: dial now instead of after the dead timer. Otherwise a counted drop.
     */
    public void onUnknownSession(byte[] msg, int len, InetSocketAddress from, long nowNanos) {
        transport.now = nowNanos;
        if (len == 5) {
            int index = OverlayCodec.getInt(msg, 1);
            for (PeerLink l : links.values()) {
                if (l.current != null && l.current.remoteIndex == index && from.equals(l.endpoint)) {
                    if (l.dialler && l.pending == null && nowNanos - l.lastDialNanos >= PeerTimeouts.HINT_REDIAL_NANOS
                            && admission.refusal() == null) {
                        dialler.dial(l, nowNanos);
                    }
                    return;
                }
            }
        }
        drops.count(DropReason.MALFORMED);
    }

    // ------------------------------------------------------------------ timers (cold path)

    /** Runs the peer timers when due (every {@link PeerTimeouts#TIMER_NANOS}); the data plane calls it every turn. */
    public void timers(long nowNanos) {
        transport.now = nowNanos;
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
            indexes.drop(l.next);
            l.next = null;
        }
        if (l.previous != null && nowNanos - l.previous.createdNanos > Timeouts.REJECT_AFTER_NANOS) {
            indexes.drop(l.previous);
            l.previous = null;
        }
        if (l.state == PeerState.UP) {
            if (nowNanos - l.lastRxNanos >= PeerTimeouts.DEAD_NANOS
                    || nowNanos - l.current.createdNanos >= Timeouts.REJECT_AFTER_NANOS) {
                transport.markDead(l, nowNanos);
            } else if (nowNanos - l.lastTxNanos >= PeerTimeouts.KEEPALIVE_NANOS) {
                transport.sendControl(l, PacketType.KEEPALIVE, -1);
            }
        }
        boolean mayDial = admission.refusal() == null || l.state == PeerState.UP;   // refusing: live links still rekey
        if (l.dialler && mayDial && nowNanos - l.nextAttemptNanos >= 0) {
            boolean due = l.state != PeerState.UP || l.pending != null
                    || nowNanos - l.current.createdNanos >= PeerTimeouts.REKEY_AFTER_NANOS;
            if (due) {
                dialler.dial(l, nowNanos);
            }
        }
    }

    // ------------------------------------------------------------------ status

    /** A typed snapshot of every link (data-plane thread). */
    public List<DataPlaneStatus.Peer> snapshot(long nowNanos) {
        List<DataPlaneStatus.Peer> out = new ArrayList<>(links.size());
        for (PeerLink l : links.values()) {
            out.add(new DataPlaneStatus.Peer(l.peerNodeId, l.name, l.networkName, l.endpoint, l.state.jsonName(),
                    l.dialler ? "dials" : "answers", l.index(), l.heard ? (nowNanos - l.lastRxNanos) / 1e9 : -1,
                    l.framesIn, l.bytesIn, l.framesOut, l.bytesOut, l.handshakes, l.rekeys, l.deaths, l.refusal,
                    l.rttNanos < 0 ? -1 : l.rttNanos / 1e6));
        }
        return out;
    }
}
