package atenet.vswitch.udp;

import atenet.wire.net.HostPort;
import atenet.wire.crypto.PacketCipher;
import atenet.wire.crypto.ReplayWindow;
import atenet.wire.crypto.SessionKeys;
import atenet.wire.crypto.KeyId;
import atenet.wire.port.Port;
import atenet.wire.port.PortKind;

import javax.crypto.spec.SecretKeySpec;
import java.net.InetSocketAddress;

/**
 * One client's UDP session with this node, and the switch port it becomes once confirmed.
 *
 * <p>Life: created half-open by a valid HELLO (the node answers HELLO_ACK); confirmed by the
 * first packet sealed under the client-to-node key, which proves the client holds the access
 * key's private half and saw our session id; from then on a switch port. Ends 60 s after its
 * last authenticated packet, on BYE, or when the chain revokes or expires its key.
 *
 * <p>Owned by the data-plane thread; every field is read and written only there.
 */
final class ClientSession implements Port {
    final long keyId;
    final long clientSession;
    final long nodeSession;
    final SecretKeySpec helloKey;
    final SessionKeys keys;
    final NetworkSlot network;
    final ReplayWindow replay = new ReplayWindow();
    /**
     * One cipher per direction of this session: SunJCE keeps the AES key schedule of the last key a
     * Cipher saw, so a Cipher shared by all sessions would expand a key on every packet (measured: most
     * of the data plane's CPU).
     */
    final PacketCipher opener = new PacketCipher();
    final PacketCipher sealer = new PacketCipher();
    final long createdNanos;
    private final UdpDataPlane plane;

    InetSocketAddress endpoint;
    /** The node's local address the client sends to (IPv6 halves; 0/0 unknown): replies leave from it. */
    long localHi;
    long localLo;
    long lastRxNanos;
    boolean confirmed;
    int portIndex = -1;
    long txCounter;
    long rxPackets;
    long txPackets;
    long roams;

    ClientSession(UdpDataPlane plane, NetworkSlot network, long keyId, long clientSession, long nodeSession,
                  SecretKeySpec helloKey, SessionKeys keys, InetSocketAddress endpoint, long nowNanos) {
        this.plane = plane;
        this.network = network;
        this.keyId = keyId;
        this.clientSession = clientSession;
        this.nodeSession = nodeSession;
        this.helloKey = helloKey;
        this.keys = keys;
        this.endpoint = endpoint;
        this.createdNanos = nowNanos;
        this.lastRxNanos = nowNanos;
    }

    long nextCounter() {
        return ++txCounter;
    }

    @Override
    public int index() {
        return portIndex;
    }

    @Override
    public PortKind kind() {
        return PortKind.UDP_CLIENT;
    }

    /** HOT PATH: seal the frame for this client and send it. */
    @Override
    public void transmit(byte[] frame, int off, int len) {
        plane.sendFrame(this, frame, off, len);
    }

    @Override
    public String describe() {
        return "udp " + HostPort.format(endpoint) + " key " + KeyId.hex(keyId);
    }
}
