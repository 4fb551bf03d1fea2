package atenet.vswitch.udp;

import atenet.wire.crypto.PacketCipher;
import atenet.wire.crypto.ReplayWindow;
import atenet.wire.handshake.TransportKeys;

/**
 * One handshake's worth of keys between a client and this node: the receiver index this node chose (the
 * client puts it in every packet), the client's index (we put it in ours), the two transport keys, the
 * replay window and send counter. A {@link ClientPort} holds up to three of these while rekeying
 * (WireGuard's previous / current / next).
 *
 * <p>Owned by the data-plane thread.
 */
final class ClientSession {
    final int localIndex;
    final int remoteIndex;
    final TransportKeys keys;
    final ClientPort port;
    final long createdNanos;
    final ReplayWindow replay = new ReplayWindow();
    /**
     * One cipher per direction of this session: SunJCE keeps the AES key schedule of the last key a
     * Cipher saw, so a Cipher shared by all sessions would expand a key on every packet (measured: most
     * of the data plane's CPU).
     */
    final PacketCipher opener = new PacketCipher();
    final PacketCipher sealer = new PacketCipher();
    long txCounter;
    /** True once a packet sealed under this session's keys arrived: the client holds them. */
    boolean confirmed;

    ClientSession(int localIndex, int remoteIndex, TransportKeys keys, ClientPort port, long nowNanos) {
        this.localIndex = localIndex;
        this.remoteIndex = remoteIndex;
        this.keys = keys;
        this.port = port;
        this.createdNanos = nowNanos;
    }

    long nextCounter() {
        return ++txCounter;
    }

    /** Zeroes the key bytes; the session must not be used afterwards. */
    void destroy() {
        keys.destroy();
    }
}
