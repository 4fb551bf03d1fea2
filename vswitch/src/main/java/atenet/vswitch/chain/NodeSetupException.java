package atenet.vswitch.chain;

/** The node cannot start with this data directory; the message says what to do. */
public final class NodeSetupException extends RuntimeException {
    public NodeSetupException(String message) {
        super(message);
    }
}
