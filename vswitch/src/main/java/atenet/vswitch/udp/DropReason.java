package atenet.vswitch.udp;

/** Why the node dropped an incoming datagram. Each reason is one counter. */
public enum DropReason {
    /** Too short, too long, or of a kind the node does not take. */
    MALFORMED("malformed"),
    /** The first byte is not an atenet message of this version. */
    BAD_KIND("badKind"),
    /** INIT whose network id the chain does not have (refused, authenticated). */
    UNKNOWN_NETWORK("unknownNetwork"),
    /** INIT with a key the chain does not have, or that belongs to another network (refused, authenticated). */
    UNKNOWN_KEY("unknownKey"),
    REVOKED_KEY("revokedKey"),
    EXPIRED_KEY("expiredKey"),
    /** Transport packet that did not authenticate under its session's key (forged, corrupted). */
    BAD_AUTH("badAuth"),
    /** INIT whose mac1 is wrong (not meant for this node), or whose Noise message does not authenticate. */
    BAD_MAC("badMac"),
    /** Counter already seen or too old for the replay window. */
    REPLAY("replay"),
    /** INIT whose timestamp is not newer than the last one of its key: a replayed handshake. */
    REPLAYED_HANDSHAKE("replayedHandshake"),
    /** Transport packet for a receiver index the node does not have. */
    UNKNOWN_SESSION("unknownSession"),
    /** A packet type the node does not take from a client, or a bad payload. */
    BAD_TYPE("badType"),
    /** The UDP send buffer was full (send returned 0). */
    TX_FULL("txFull"),
    /** Over a handshake budget (per source, hard cap, or cookie replies). */
    HANDSHAKE_RATE("handshakeRateLimited"),
    /** Under load, INIT without a valid cookie: answered with a COOKIE instead. */
    COOKIE_SENT("cookieSent"),
    /** Too many client ports on this node. */
    SESSION_LIMIT("sessionLimit"),
    /** The node refuses sessions (removed from the chain, or its chain no longer verifies). */
    NODE_REFUSING("nodeRefusing"),
    /** Certificate request for another chain, or over its budget. */
    CERT_REFUSED("certRefused"),
    /** A client INIT whose static key is a node's key (a node key is never a client). */
    NODE_KEY_AS_CLIENT("nodeKeyAsClient"),
    /** A PEER_INIT from a key that is not another node serving that network here (a client key, say), or out of turn. */
    PEER_REFUSED("peerRefused"),
    /** Handling one packet or timer threw: a bug, counted and logged (at most once a minute), never fatal. */
    INTERNAL_ERROR("internalError");

    public final String jsonName;

    DropReason(String jsonName) {
        this.jsonName = jsonName;
    }
}
