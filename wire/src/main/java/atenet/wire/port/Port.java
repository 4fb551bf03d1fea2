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
}
