package atenet.vswitch.peer;

import atenet.wire.crypto.PacketCipher;
import atenet.wire.crypto.ReplayWindow;
import atenet.wire.handshake.TransportKeys;

/**
 * One handshake's worth of keys between this node and a peer node: the receiver index this node chose (top bit set:
 * a peer's, see {@link PeerLinks#isPeerIndex}), the peer's index, the two transport keys, the replay window and the
 * send counter. A {@link PeerLink} holds up to three while rekeying (previous / current / next), as a client port does.
 *
 * <p>Owned by the data-plane thread.
 */
final class PeerSession {
    final int localIndex;
    final int remoteIndex;
    final TransportKeys keys;
    final PeerLink link;
    final long createdNanos;
    final ReplayWindow replay = new ReplayWindow();
    /** One cipher per direction of this session (SunJCE keeps the last key schedule per Cipher). */
    final PacketCipher opener = new PacketCipher();
    final PacketCipher sealer = new PacketCipher();
    long txCounter;
    /** True once the other side is known to hold these keys (dialler: its RESPONSE; answerer: its first packet). */
    boolean confirmed;

    PeerSession(int localIndex, int remoteIndex, TransportKeys keys, PeerLink link, long nowNanos) {
        this.localIndex = localIndex;
        this.remoteIndex = remoteIndex;
        this.keys = keys;
        this.link = link;
        this.createdNanos = nowNanos;
    }

    long nextCounter() {
        return ++txCounter;
    }

    void destroy() {
        keys.destroy();
    }
}
