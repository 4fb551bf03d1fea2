package atenet.wire.port;

/**
 * A port's way into the network it is attached to, handed out by the network's switch on attach. Every kind
 * of port — UDP client, WebSocket session, peer node, DHCP server, gateway — gets one, so the switch never
 * needs to know what is behind a port.
 *
 * <pre>
 *  switch thread:   port ──receive()──▶ switch ──transmit()──▶ other ports
 *                   ethereal port's transmit() ──receive()──▶ queued, forwarded after the current frame
 *  other threads:   port ──offer()──▶ bounded ingress ring ──(drained by the switch thread each turn)──▶ switch
 * </pre>
 */
public interface PortLink {
    /** The dense index the switch gave the port (0 .. capacity-1). */
    int index();

    /**
     * Switch thread only: one frame from the port into the switch. Called from inside a {@code transmit}
     * (an ethereal port answering), the frame is copied into the network's reply queue and forwarded once the
     * current frame is done — never re-entered. HOT PATH: no allocation.
     *
     * @return false when it had to be queued and the queue was full (counted)
     */
    boolean receive(byte[] frame, int off, int len);

    /**
     * Any thread: copies the frame into the network's bounded ingress ring, drained by the switch thread.
     *
     * @return false when the ring is full: the frame is dropped and counted, never buffered without bound
     */
    boolean offer(byte[] frame, int off, int len);

    /** Removes the port from the switch (its MACs are forgotten). Switch thread only. Idempotent. */
    void detach();
}
