package atenet.vswitch.peer;

import atenet.vswitch.udp.TransportSession;
import atenet.wire.handshake.TransportKeys;

/**
 * A {@link TransportSession} with a peer node; its receiver index has the top bit set (a peer's, see
 * {@link PeerLinks#isPeerIndex}). Its {@link PeerLink} holds up to three while rekeying, as a client port does.
 */
final class PeerSession extends TransportSession {
    final PeerLink link;

    PeerSession(int localIndex, int remoteIndex, TransportKeys keys, PeerLink link, long nowNanos) {
        super(localIndex, remoteIndex, keys, nowNanos);
        this.link = link;
    }
}
