package atenet.vswitch.peer;

import atenet.vswitch.udp.DropCounters;
import atenet.vswitch.udp.DropReason;
import atenet.vswitch.udp.TransportSession;
import atenet.vswitch.udp.Underlay;
import atenet.wire.frame.EthernetFrame;
import atenet.wire.overlay.OverlayCodec;
import atenet.wire.overlay.OverlayHeader;
import atenet.wire.overlay.PacketType;
import atenet.wire.port.PortLink;

import java.net.InetSocketAddress;

import static atenet.wire.overlay.OverlayHeader.OFFSET_TYPE;

/**
 * The sealed packets of peer links, both ways, and the link state they move (up on a confirmed session, dead on a
 * BYE). HOT PATH ({@link #onTransport}, {@link #sendFrame}): no allocation of ours (the JDK's AES-GCM init allocates its
 * parameter copy, as on the client path), no lock; packets are opened and sealed in place.
 * <pre>
 *   in:  TRANSPORT, index bit 31 set → session → replay window → open in place → heard; roam to the source;
 *        first packet under an answered session confirms it (the link goes up) →
 *        FRAME → the link's PEER port into the switch   KEEPALIVE → nothing more   BYE → dead
 *   out: the switch → PeerLink.transmit → sendFrame: copy after the header, seal with the current session, send
 * </pre>
 * Owned by the data-plane thread.
 */
final class PeerTransport {
    private final Underlay socket;
    private final DropCounters drops;
    private final PeerIndexes indexes;
    private final PeerLinks.Networks networks;
    private final byte[] tx = new byte[OverlayHeader.MAX_PACKET_LEN];
    /** The data plane's clock in its current turn (set by every entry point). */
    long now;

    PeerTransport(Underlay socket, DropCounters drops, PeerIndexes indexes, PeerLinks.Networks networks) {
        this.socket = socket;
        this.drops = drops;
        this.indexes = indexes;
        this.networks = networks;
    }

    /**
     * HOT PATH. A TRANSPORT whose receiver index is a peer's, in {@code pkt[0 .. len)}, length already checked.
     *
     * @return false when no session has that index (the caller counts it and may hint the sender)
     */
    boolean onTransport(byte[] pkt, int len, InetSocketAddress from, long nowNanos) {
        now = nowNanos;
        PeerSession s = indexes.session(OverlayCodec.receiver(pkt));
        if (s == null) {
            return false;
        }
        int plain = s.open(pkt, len);
        if (plain < 1) {
            drops.count(plain == TransportSession.REPLAYED ? DropReason.REPLAY : DropReason.BAD_AUTH);
            return true;
        }
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
                if (frameLen < EthernetFrame.MIN_LEN || l.link == null) {
                    drops.count(DropReason.MALFORMED);
                } else {
                    l.framesIn++;
                    l.bytesIn += frameLen;
                    l.link.receive(pkt, OFFSET_TYPE + 1, frameLen);
                }
            }
            case PacketType.KEEPALIVE -> {
                // liveness only: heard above
            }
            case PacketType.BYE -> markDead(l, nowNanos);
            default -> drops.count(DropReason.BAD_TYPE);
        }
        return true;
    }

    static void heard(PeerLink l, long nowNanos) {
        l.lastRxNanos = nowNanos;
        l.heard = true;
    }

    /** The answering side: the first packet under a new session's keys. Promote it; the link is up. */
    private boolean confirm(PeerSession s) {
        PeerLink l = s.link;
        s.confirmed = true;
        l.rttNanos = now - s.createdNanos;
        if (l.next != s) {
            return true;
        }
        promote(l, s);
        l.next = null;
        return up(l);
    }

    /** {@code s} becomes the current session; the current one is kept as previous for late packets. */
    void promote(PeerLink l, PeerSession s) {
        if (l.previous != null) {
            indexes.drop(l.previous);
        }
        l.previous = l.current;
        l.current = s;
        if (l.previous != null) {
            l.rekeys++;
        }
    }

    /** The link's port joins its network's switch (if it was not in it). False: the switch is full, the link is dead. */
    boolean up(PeerLink l) {
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

    /** The peer went silent, said BYE, or its keys aged out: off the switch (MACs forgotten), keys dropped. */
    void markDead(PeerLink l, long nowNanos) {
        detach(l);
        if (l.state == PeerState.UP) {
            l.deaths++;
        }
        l.state = PeerState.DEAD;
        l.backoff.reset();
        l.nextAttemptNanos = nowNanos;                  // the dialler tries again at once, then backs off
    }

    /** Off the switch, every session and PEER_INIT in flight forgotten. */
    void detach(PeerLink l) {
        if (l.link != null) {
            l.link.detach();
            l.link = null;
        }
        indexes.dropAll(l);
        indexes.abandon(l);
    }

    /** HOT PATH. Seals one frame for the peer with the current session and sends it ({@link PeerLink#transmit}). */
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
    void sendControl(PeerLink l, byte type, int reasonByte) {
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
        int n = s.seal(tx, plainLen);
        l.lastTxNanos = now;
        socket.send(tx, n, l.endpoint, l.localHi, l.localLo);
    }
}
