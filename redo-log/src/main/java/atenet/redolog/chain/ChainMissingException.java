package atenet.redolog.chain;

/** There is no chain in the data directory. */
public class ChainMissingException extends IllegalStateException {
    public ChainMissingException(String message) {
        super(message);
    }
}
