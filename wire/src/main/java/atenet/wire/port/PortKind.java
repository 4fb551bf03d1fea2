package atenet.wire.port;

/**
 * What is behind a port. The switch uses it for split horizon: a frame that entered through a
 * {@link #PEER} port leaves only through non-peer ports.
 */
public enum PortKind {
    /** A Linux client over encrypted UDP. */
    UDP_CLIENT,
    /** A browser over WebSocket. */
    WS_CLIENT,
    /** Another switch node. */
    PEER,
    /** A port built into the node: vRouter gateway, DHCP server, local TAP. */
    ETHEREAL;

    public boolean isPeer() {
        return this == PEER;
    }
}
