package atenet.vswitch.udp;

import atenet.wire.handshake.TransportKeys;

/** A {@link TransportSession} with a client: its {@link ClientPort} holds up to three of these while rekeying. */
final class ClientSession extends TransportSession {
    final ClientPort port;

    ClientSession(int localIndex, int remoteIndex, TransportKeys keys, ClientPort port, long nowNanos) {
        super(localIndex, remoteIndex, keys, nowNanos);
        this.port = port;
    }
}
