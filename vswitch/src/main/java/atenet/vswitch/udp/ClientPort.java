package atenet.vswitch.udp;

import atenet.wire.crypto.KeyId;
import atenet.wire.net.HostPort;
import atenet.wire.port.Port;
import atenet.wire.port.PortLink;
import atenet.wire.port.PortKind;

import java.net.InetSocketAddress;

/**
 * One access key's presence on this node: the switch port its client is, and the sessions (keys) it
 * speaks through. One port per key: a new handshake of the same key rekeys this port (or replaces a client
 * that restarted), it never adds a second port.
 *
 * <pre>
 *  handshake accepted ──▶ next (not used for sending)
 *  first packet under next ──▶ previous := current (kept for late packets), current := next
 *  current older than 180 s, or port idle 60 s ──▶ gone (keys zeroed)
 * </pre>
 * The port joins its network's switch when its first session is confirmed, so a replayed or abandoned
 * handshake never receives frames.
 *
 * <p>Owned by the data-plane thread; every field is read and written only there.
 */
final class ClientPort implements Port {
    final long keyId;
    final NetworkSlot network;
    /** The only source MAC this port may send (derived from the access key), or {@link Port#ANY_MAC} for a bridge key. */
    final long boundMac;
    private final UdpDataPlane plane;
    InetSocketAddress endpoint;
    /** The node's local address the client sends to (IPv6 halves; 0/0 unknown): replies leave from it. */
    long localHi;
    long localLo;
    ClientSession current;
    ClientSession previous;
    ClientSession next;
    /** Our way into the network's switch, from the first confirmed session on; null before. */
    PortLink link;
    long lastRxNanos;
    long rxPackets;
    long txPackets;
    long roams;
    long rekeys;

    ClientPort(UdpDataPlane plane, NetworkSlot network, long keyId, long boundMac, InetSocketAddress endpoint, long nowNanos) {
        this.plane = plane;
        this.boundMac = boundMac;
        this.network = network;
        this.keyId = keyId;
        this.endpoint = endpoint;
        this.lastRxNanos = nowNanos;
    }

    boolean attached() {
        return link != null;
    }

    @Override
    public int index() {
        return link == null ? -1 : link.index();
    }

    @Override
    public long boundMac() {
        return boundMac;
    }

    @Override
    public PortKind kind() {
        return PortKind.UDP_CLIENT;
    }

    /** HOT PATH: seal the frame for this client with the current session and send it. */
    @Override
    public void transmit(byte[] frame, int off, int len) {
        plane.sendFrame(this, frame, off, len);
    }

    @Override
    public String describe() {
        return "udp " + HostPort.format(endpoint) + " key " + KeyId.hex(keyId);
    }
}
