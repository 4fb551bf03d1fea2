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
    EXPIRED(RejectReason.EXPIRED, DropReason.EXPIRED_KEY);

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
