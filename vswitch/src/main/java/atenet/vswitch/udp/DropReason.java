package atenet.vswitch.udp;

/** Why the node dropped an incoming overlay packet. Each reason is one counter. */
public enum DropReason {
    /** Too short, too long, or a REJECT sent to the node. */
    MALFORMED("malformed"),
    /** HELLO for a network id that the chain does not have. */
    UNKNOWN_NETWORK("unknownNetwork"),
    /** HELLO with a key id the chain does not have, or that belongs to another network. */
    UNKNOWN_KEY("unknownKey"),
    REVOKED_KEY("revokedKey"),
    EXPIRED_KEY("expiredKey"),
    /** Did not authenticate under the session's key (forged, corrupted, wrong key). */
    BAD_AUTH("badAuth"),
    /** Counter already seen or too old for the replay window. */
    REPLAY("replay"),
    /** No session with this id, and the packet is not a valid HELLO. */
    UNKNOWN_SESSION("unknownSession"),
    /** A packet type the node does not take from a client, or a bad payload. */
    BAD_TYPE("badType"),
    /** The UDP send buffer was full (send returned 0). */
    TX_FULL("txFull"),
    /** More HELLO attempts than {@link Timeouts#HELLOS_PER_SECOND}: not opened. */
    HELLO_RATE("helloRateLimited"),
    /** Too many sessions for one key or in total. */
    SESSION_LIMIT("sessionLimit"),
    /** HELLO while the node admits no session (its chain stopped verifying, or it was removed): {@link Admission#refusal()}. */
    NODE_REFUSING("nodeRefusing");

    public final String jsonName;

    DropReason(String jsonName) {
        this.jsonName = jsonName;
    }
}
