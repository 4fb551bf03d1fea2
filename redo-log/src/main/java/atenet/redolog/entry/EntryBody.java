package atenet.redolog.entry;

/**
 * The typed body of a chain entry. Each implementation is an immutable record with its own codec:
 * {@code encode(BodyWriter)} writes the canonical bytes, a static {@code decode(BodyReader)} reads them.
 * Byte arrays inside records are never copied: do not mutate them.
 */
public sealed interface EntryBody
        permits Genesis, NetworkCreated, NodeEnrolled, NodeJoined, NodeLeft, AccessKeyIssued, AccessKeyRevoked,
        NodeRemoved, NodeAdmitted {

    EntryType type();

    /** Writes the canonical body bytes (big-endian, strings as u16 length + UTF-8). */
    void encode(BodyWriter out);

    /** One short human line, for {@code tok log show}. */
    String summary();

    default byte[] toBytes() {
        BodyWriter w = new BodyWriter();
        encode(w);
        return w.toByteArray();
    }

    /**
     * Decodes a body of the given type; the whole array must be consumed.
     *
     * @throws EntryFormatException naming the type and the field that is bad
     */
    static EntryBody decode(EntryType type, byte[] body) {
        BodyReader in = new BodyReader(type, body);
        EntryBody b = switch (type) {
            case GENESIS -> Genesis.decode(in);
            case NETWORK_CREATED -> NetworkCreated.decode(in);
            case NODE_ENROLLED -> NodeEnrolled.decode(in);
            case NODE_JOINED -> NodeJoined.decode(in);
            case NODE_LEFT -> NodeLeft.decode(in);
            case ACCESS_KEY_ISSUED -> AccessKeyIssued.decode(in);
            case ACCESS_KEY_REVOKED -> AccessKeyRevoked.decode(in);
            case NODE_REMOVED -> NodeRemoved.decode(in);
            case NODE_ADMITTED -> NodeAdmitted.decode(in);
        };
        in.end();
        return b;
    }
}
