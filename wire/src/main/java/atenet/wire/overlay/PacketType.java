package atenet.wire.overlay;

/** The encrypted type byte of a TRANSPORT message (the first plaintext byte). */
public final class PacketType {
    /** Payload: one Ethernet frame (destination MAC first, no FCS). */
    public static final byte FRAME = 0x01;
    /** Payload: empty. Client to node every 15 s (and at once after a handshake: it confirms the session). */
    public static final byte KEEPALIVE = 0x02;
    /** Payload: empty. */
    public static final byte KEEPALIVE_ACK = 0x03;
    /** Either side ends the session. Payload: reason (1 B, {@link RejectReason}). */
    public static final byte BYE = 0x06;
    /** Node to client: the nodes that serve the client's network ({@link NodeList}). */
    public static final byte NODES = 0x08;

    private PacketType() {
    }

    public static String name(byte type) {
        return switch (type) {
            case FRAME -> "FRAME";
            case KEEPALIVE -> "KEEPALIVE";
            case KEEPALIVE_ACK -> "KEEPALIVE_ACK";
            case BYE -> "BYE";
            case NODES -> "NODES";
            default -> "UNKNOWN(" + (type & 0xff) + ")";
        };
    }
}
