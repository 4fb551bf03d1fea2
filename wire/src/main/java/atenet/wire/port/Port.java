package atenet.wire.port;

/**
 * Anything a switch forwards frames to and from: a UDP client session, a WebSocket session, a
 * peer node, a built-in (ethereal) port such as the vRouter's gateway or the DHCP server.
 *
 * <p>HOT PATH: {@link #transmit} is called once per frame per output port on the switch's own
 * thread. It must not block, must not keep a reference to the array after it returns, and
 * should not allocate.
 */
public interface Port {
    /** {@link #boundMac()} of a port that may send from any source MAC. */
    long ANY_MAC = -1;

    /** Dense index the switch assigned to this port (0 .. capacity-1). */
    int index();

    PortKind kind();

    /**
     * Sends one Ethernet frame held in {@code frame[off .. off + len)} out of this port.
     * The array may be reused by the caller as soon as this returns.
     */
    void transmit(byte[] frame, int off, int len);

    /** One line for status output, e.g. "udp 10.0.0.2:4000 key 1a2b..". */
    String describe();

    /**
     * The only source MAC (48 bits, as {@code atenet.wire.frame.MacAddress} holds it) a client
     * port may send from, or {@link #ANY_MAC} when it is unbound (a bridge key, a peer, an
     * ethereal port). A UDP client's is {@code KeyMac.of(access public key)}. Read once when the
     * port is added to a switch: it must not change while the port is attached.
     */
    default long boundMac() {
        return ANY_MAC;
    }
}
