package atenet.wire.overlay;

/** The encrypted type byte of an overlay packet (the first plaintext byte). */
public final class PacketType {
    /** Payload: one Ethernet frame (destination MAC first, no FCS). */
    public static final byte FRAME = 0x01;
    /** Payload: empty. Client to node every 15 s; the node answers with KEEPALIVE_ACK. */
    public static final byte KEEPALIVE = 0x02;
    /** Payload: empty. */
    public static final byte KEEPALIVE_ACK = 0x03;
    /** Client to node, sealed under the hello key. Payload: protocol version (1 B, = 1). */
    public static final byte HELLO = 0x04;
    /** Node to client, sealed under the node-to-client key. Payload: protocol version (1 B) | TAP MTU the node advises (2 B). */
    public static final byte HELLO_ACK = 0x05;
    /** Either side ends the session. Payload: reason (1 B, {@link RejectReason}). */
    public static final byte BYE = 0x06;
    /** Unauthenticated refusal of a HELLO (counter 0, no tag). Payload: reason (1 B). */
    public static final byte REJECT = 0x7f;

    private PacketType() {
    }

    public static String name(byte type) {
        return switch (type) {
            case FRAME -> "FRAME";
            case KEEPALIVE -> "KEEPALIVE";
            case KEEPALIVE_ACK -> "KEEPALIVE_ACK";
            case HELLO -> "HELLO";
            case HELLO_ACK -> "HELLO_ACK";
            case BYE -> "BYE";
            case REJECT -> "REJECT";
            default -> "UNKNOWN(" + (type & 0xff) + ")";
        };
    }
}
