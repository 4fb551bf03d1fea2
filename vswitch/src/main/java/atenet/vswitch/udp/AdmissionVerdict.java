package atenet.vswitch.udp;

import atenet.wire.overlay.RejectReason;

/**
 * The answer to "may this key be on this network now?" ({@link Admission#admit}), with what a transport
 * tells the client (an authenticated refusal reason) and what it counts.
 */
public enum AdmissionVerdict {
    ADMITTED(RejectReason.NONE, null),
    /** This node serves no one (removed from the chain, or its chain no longer verifies). */
    NOT_SERVING(RejectReason.NOT_SERVING, DropReason.NODE_REFUSING),
    UNKNOWN_NETWORK(RejectReason.UNKNOWN_NETWORK, DropReason.UNKNOWN_NETWORK),
    /** No such key, a key of another network, or a public key that does not match its id. */
    UNKNOWN_KEY(RejectReason.UNKNOWN_KEY, DropReason.UNKNOWN_KEY),
    REVOKED(RejectReason.REVOKED, DropReason.REVOKED_KEY),
    EXPIRED(RejectReason.EXPIRED, DropReason.EXPIRED_KEY),
    /** A client INIT with a node's key: a node key is never admitted as a client (it may only be a peer). */
    NODE_KEY(RejectReason.UNKNOWN_KEY, DropReason.NODE_KEY_AS_CLIENT),
    /**
     * A PEER_INIT whose key is not another node that serves the network with this one (a client key, a removed or
     * unknown node, this node's own key), or a peer that should answer, not dial.
     */
    NOT_A_PEER(RejectReason.UNKNOWN_KEY, DropReason.PEER_REFUSED);

    public final RejectReason reason;
    public final DropReason drop;

    AdmissionVerdict(RejectReason reason, DropReason drop) {
        this.reason = reason;
        this.drop = drop;
    }

    public boolean admitted() {
        return this == ADMITTED;
    }
}
