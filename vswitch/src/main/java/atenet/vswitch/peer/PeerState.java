package atenet.vswitch.peer;

/**
 * Where a peer link is.
 * <pre>
 *   HANDSHAKING ──(session confirmed)──▶ UP ──(silent {@link PeerTimeouts#DEAD_NANOS}, BYE, keys too old)──▶ DEAD
 *        ▲                                ▲                                                               │
 *        └─ the link is new               └──────────(a new handshake, dialled or answered)───────────────┘
 * </pre>
 * Only an UP link is a port of its network's switch.
 */
public enum PeerState {
    HANDSHAKING,
    UP,
    DEAD;

    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
