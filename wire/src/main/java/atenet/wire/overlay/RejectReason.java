package atenet.wire.overlay;

/** Why a node refused a handshake (status of an authenticated RESPONSE) or ended a session (BYE). */
public enum RejectReason {
    NONE(0, "no reason given"),
    UNKNOWN_NETWORK(1, "this node's chain has no such network (is the token from another chain?)"),
    UNKNOWN_KEY(2, "this node's chain has no such access key (is the token from another chain?)"),
    REVOKED(3, "the access key was revoked"),
    EXPIRED(4, "the access key has expired"),
    BAD_AUTH(5, "the handshake did not authenticate (wrong or corrupted key material)"),
    NODE_SHUTDOWN(6, "the node is shutting down"),
    CLIENT_SHUTDOWN(7, "the client is shutting down"),
    TOO_MANY_SESSIONS(8, "the node has too many sessions for this key"),
    /** The node has no session with this id (it restarted, or the session expired): handshake again. */
    UNKNOWN_SESSION(9, "the node does not know this session (it restarted or the session expired)"),
    /** The node is not serving: removed from the chain, or its chain copy no longer verifies. Try another node. */
    NOT_SERVING(10, "the node is not serving (removed from the chain, or its chain does not verify)"),
    /** The handshake's timestamp is not newer than one already seen for this key (a replay). */
    STALE_HANDSHAKE(11, "the handshake was older than one already seen (replayed)");

    public final int code;
    public final String message;

    RejectReason(int code, String message) {
        this.code = code;
        this.message = message;
    }

    public static RejectReason of(int code) {
        for (RejectReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        return NONE;
    }

    /** True when retrying with the same key can never succeed. */
    public boolean isFinal() {
        return this == UNKNOWN_NETWORK || this == UNKNOWN_KEY || this == REVOKED || this == EXPIRED || this == BAD_AUTH;
    }
}
