package atenet.vswitch.peer;

import atenet.vswitch.udp.DropCounters;
import atenet.vswitch.udp.DropReason;
import atenet.vswitch.udp.NodeIdentity;
import atenet.vswitch.udp.Underlay;
import atenet.wire.handshake.HandshakeLayout;
import atenet.wire.handshake.HandshakeMacs;
import atenet.wire.handshake.InitiatorHandshake;
import atenet.wire.handshake.Tai64n;
import atenet.wire.overlay.OverlayCodec;
import atenet.wire.overlay.PacketType;
import atenet.wire.overlay.RejectReason;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.function.LongSupplier;

/**
 * The dialling side of a peer link (this node has the smaller node id): PEER_INIT out, RESPONSE and COOKIE in.
 * <pre>
 *   dial: new index (bit 31) and timestamp (newer than the last we sent) → PEER_INIT (mac2 with a fresh cookie)
 *         to the peer's authenticated endpoint while up, else to the endpoint the chain has; next attempt after the
 *         link's backoff
 *   COOKIE for our PEER_INIT → keep the cookie, resend the same PEER_INIT with mac2, once per attempt
 *   RESPONSE for our PEER_INIT → refusal: remembered for status, retried on the backoff
 *                             → accepted: the new session is current at once, the link is up, backoff reset,
 *                               a KEEPALIVE under the new keys confirms them to the answering node
 * </pre>
 * Owned by the data-plane thread.
 */
final class PeerDialler {
    private final Underlay socket;
    private final NodeIdentity identity;
    private final DropCounters drops;
    private final SecureRandom random;
    private final LongSupplier wallClock;
    private final PeerIndexes indexes;
    private final PeerTransport transport;
    private final byte[] ctl = new byte[HandshakeLayout.INIT_LEN];

    PeerDialler(Underlay socket, NodeIdentity identity, DropCounters drops, SecureRandom random, LongSupplier wallClock,
                PeerIndexes indexes, PeerTransport transport) {
        this.socket = socket;
        this.identity = identity;
        this.drops = drops;
        this.random = random;
        this.wallClock = wallClock;
        this.indexes = indexes;
        this.transport = transport;
    }

    /** Sends a new PEER_INIT to {@code l}'s peer (a first attempt, a retry, or a rekey). */
    void dial(PeerLink l, long nowNanos) {
        indexes.abandon(l);
        int index = indexes.newIndex();
        byte[] ts = Tai64n.of(wallClock.getAsLong(), 0);
        if (!Tai64n.isAfter(ts, l.lastInitTimestamp)) {
            ts = Tai64n.next(l.lastInitTimestamp);     // two attempts in one millisecond, or a clock stepped back
        }
        l.lastInitTimestamp = ts;
        l.pending = InitiatorHandshake.peer(identity.x25519Private(), l.peerKey, identity.chainId(), l.networkId, index,
                ts, random);
        l.cookieAnswered = false;
        indexes.dialling(index, l);
        boolean freshCookie = l.cookie != null && nowNanos - l.cookieAtNanos < PeerTimeouts.COOKIE_VALID_NANOS;
        int n = l.pending.writeInit(ctl, freshCookie ? l.cookie : null);
        boolean up = l.state == PeerState.UP;
        socket.send(ctl, n, up ? l.endpoint : l.chainEndpoint, up ? l.localHi : 0, up ? l.localLo : 0);
        l.handshakes++;
        l.lastDialNanos = nowNanos;
        l.nextAttemptNanos = nowNanos + l.backoff.next(random);
    }

    /** A RESPONSE. Anything not answering one of our PEER_INITs is a counted drop. */
    void onResponse(byte[] msg, int len, InetSocketAddress from, long nowNanos) {
        transport.now = nowNanos;
        PeerLink l = len == HandshakeLayout.RESP_LEN
                ? indexes.dialler(OverlayCodec.getInt(msg, HandshakeLayout.RESP_OFFSET_RECEIVER)) : null;
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
        indexes.abandon(l);
        if (!r.accepted()) {
            l.refusal = RejectReason.of(r.status()).message;   // authenticated; retried on the backoff
            return;
        }
        l.refusal = null;
        l.rttNanos = nowNanos - l.lastDialNanos;
        PeerSession s = new PeerSession(index, r.remoteIndex(), r.keys(), l, nowNanos);
        s.confirmed = true;
        indexes.add(s);
        transport.promote(l, s);
        l.endpoint = from;
        l.localHi = socket.localHi();
        l.localLo = socket.localLo();
        PeerTransport.heard(l, nowNanos);
        l.backoff.reset();
        l.nextAttemptNanos = nowNanos;
        if (transport.up(l)) {
            transport.sendControl(l, PacketType.KEEPALIVE, -1);   // the answerer switches to these keys when it sees it
        }
    }

    /** The peer is under load and wants mac2: resend the PEER_INIT with the cookie, once per attempt. */
    void onCookie(byte[] msg, int len, InetSocketAddress from, long nowNanos) {
        PeerLink l = len == HandshakeLayout.COOKIE_LEN
                ? indexes.dialler(OverlayCodec.getInt(msg, HandshakeLayout.COOKIE_OFFSET_RECEIVER)) : null;
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
}
