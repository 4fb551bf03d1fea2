package atenet.vswitch.udp;

import atenet.wire.crypto.PacketCipher;
import atenet.wire.crypto.ReplayWindow;
import atenet.wire.handshake.TransportKeys;
import atenet.wire.overlay.OverlayCodec;

/**
 * One handshake's worth of keys on this node, with a client ({@link ClientSession}) or a peer node
 * ({@code PeerSession}): the receiver index this node chose (the other side puts it in every packet), the other
 * side's index (we put it in ours), the two transport keys, the replay window and the send counter, and the one
 * way a TRANSPORT packet is opened and sealed under them. A port or link holds up to three while rekeying
 * (WireGuard's previous / current / next).
 *
 * <p>Owned by the data-plane thread.
 */
public abstract class TransportSession {
    /** {@link #open}: the counter was seen before, or is too old for the window. */
    public static final int REPLAYED = -1;
    /** {@link #open}: the packet does not authenticate under these keys. */
    public static final int FORGED = -2;

    public final int localIndex;
    public final int remoteIndex;
    public final TransportKeys keys;
    public final long createdNanos;
    private final ReplayWindow replay = new ReplayWindow();
    /**
     * One cipher per direction of this session: SunJCE keeps the AES key schedule of the last key a
     * Cipher saw, so a Cipher shared by all sessions would expand a key on every packet (measured: most
     * of the data plane's CPU).
     */
    private final PacketCipher opener = new PacketCipher();
    private final PacketCipher sealer = new PacketCipher();
    private long txCounter;
    /** True once the other side is known to hold these keys (a packet under them arrived, or its RESPONSE). */
    public boolean confirmed;

    protected TransportSession(int localIndex, int remoteIndex, TransportKeys keys, long nowNanos) {
        this.localIndex = localIndex;
        this.remoteIndex = remoteIndex;
        this.keys = keys;
        this.createdNanos = nowNanos;
    }

    /**
     * HOT PATH. Checks the counter against the replay window, opens the TRANSPORT packet in {@code pkt[0 .. len)} in
     * place, and then (only then) marks its counter seen.
     *
     * @return the plaintext length (type byte included), or {@link #REPLAYED} or {@link #FORGED}
     */
    public final int open(byte[] pkt, int len) {
        long counter = OverlayCodec.counter(pkt);
        if (!replay.isFresh(counter)) {
            return REPLAYED;
        }
        int plain = opener.open(pkt, len, keys.receive);
        if (plain < 1) {
            return FORGED;
        }
        replay.accept(counter);
        return plain;
    }

    /**
     * HOT PATH. Writes the TRANSPORT header (the other side's index, the next counter) and seals {@code plainLen}
     * bytes after it in place.
     *
     * @return the datagram's length
     */
    public final int seal(byte[] tx, int plainLen) {
        OverlayCodec.writeHeader(tx, remoteIndex, ++txCounter);
        return sealer.seal(tx, plainLen, keys.send);
    }

    /** Zeroes the key bytes; the session must not be used afterwards. */
    public final void destroy() {
        keys.destroy();
    }
}
