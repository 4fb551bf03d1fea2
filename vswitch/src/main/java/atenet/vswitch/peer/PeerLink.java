package atenet.vswitch.peer;

import atenet.vswitch.udp.NetworkInfo;
import atenet.vswitch.udp.ServingNode;
import atenet.wire.handshake.InitiatorHandshake;
import atenet.wire.net.HostPort;
import atenet.wire.port.Port;
import atenet.wire.port.PortKind;
import atenet.wire.port.PortLink;

import java.net.InetSocketAddress;

/**
 * This node's link with one other node for one network they both serve: a {@link PortKind#PEER} port of that
 * network's switch while {@link PeerState#UP}, and the sessions (keys) behind it. One link per (peer node, network);
 * of the two nodes only the one with the smaller node id dials ({@link #dialler}), the other answers, so a pair never
 * has two sessions.
 *
 * <p>Owned by the data-plane thread; every field is read and written only there.
 */
final class PeerLink implements Port {
    final long peerNodeId;
    final byte[] peerKey;
    final byte[] networkId;
    final long netHi;
    final long netLo;
    final String networkName;
    final int mtu;
    /** True when this node dials (its node id is the smaller one); false: it answers the peer's PEER_INIT. */
    final boolean dialler;
    private final PeerTransport owner;
    String name;
    /** Where the chain says the peer listens: where a dead peer is dialled. */
    InetSocketAddress chainEndpoint;
    /** Where the peer's authenticated packets come from: where frames go. */
    InetSocketAddress endpoint;
    long localHi;
    long localLo;
    PeerState state = PeerState.HANDSHAKING;
    PeerSession current;
    PeerSession previous;
    PeerSession next;
    /** The switch port, while UP. */
    PortLink link;

    // --- dialling side
    InitiatorHandshake pending;
    long nextAttemptNanos;
    long lastDialNanos = Long.MIN_VALUE;
    final Backoff backoff = new Backoff(PeerTimeouts.RETRY_FIRST_NANOS, PeerTimeouts.RETRY_MAX_NANOS);
    byte[] cookie;
    long cookieAtNanos;
    boolean cookieAnswered;
    /** Dialler: the newest timestamp it sent. Answerer: the newest it accepted (older PEER_INITs are replays). */
    byte[] lastInitTimestamp;
    /** The peer's last authenticated refusal of our PEER_INIT, or null. */
    String refusal;

    // --- liveness and counters
    long lastRxNanos;
    boolean heard;
    long lastTxNanos;
    long framesIn;
    long bytesIn;
    long framesOut;
    long bytesOut;
    long handshakes;
    /**
     * The last handshake's round trip, -1 before one: dialler, PEER_INIT sent → RESPONSE read; answerer, RESPONSE
     * sent → first packet under the new keys (both include the other side's handshake work, tens of µs).
     */
    long rttNanos = -1;
    long rekeys;
    long deaths;

    PeerLink(PeerTransport owner, ServingNode peer, NetworkInfo network, boolean dialler, long nowNanos) {
        this.owner = owner;
        this.peerNodeId = peer.nodeId();
        this.peerKey = peer.x25519Key().clone();
        this.networkId = network.id().clone();
        this.netHi = network.idHi();
        this.netLo = network.idLo();
        this.networkName = network.name();
        this.mtu = network.mtu();
        this.dialler = dialler;
        this.name = peer.name();
        this.chainEndpoint = peer.endpoint();
        this.endpoint = peer.endpoint();
        this.nextAttemptNanos = nowNanos;
        this.lastTxNanos = nowNanos;
    }

    /** A newer admission snapshot: the peer's name or advertised endpoint may have changed. */
    void update(ServingNode peer) {
        name = peer.name();
        chainEndpoint = peer.endpoint();
        if (current == null) {
            endpoint = peer.endpoint();
        }
    }

    @Override
    public int index() {
        return link == null ? -1 : link.index();
    }

    @Override
    public PortKind kind() {
        return PortKind.PEER;
    }

    /** HOT PATH: seal the frame for the peer with the current session and send it. */
    @Override
    public void transmit(byte[] frame, int off, int len) {
        owner.sendFrame(this, frame, off, len);
    }

    @Override
    public String describe() {
        return "peer " + name + " " + HostPort.format(endpoint) + " node " + atenet.wire.crypto.KeyId.hex(peerNodeId);
    }
}
