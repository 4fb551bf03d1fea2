package atenet.redolog.chain;

/**
 * A stored chain failed verification. The message names the bad entry:
 * {@code "chain entry 3 (index 0x4a1b00000003): bad signature"}.
 */
public class ChainVerificationException extends IllegalStateException {
    private final long entry;

    public ChainVerificationException(long entry, String message) {
        super(message);
        this.entry = entry;
    }

    public ChainVerificationException(long entry, String message, Throwable cause) {
        super(message, cause);
        this.entry = entry;
    }

    /** Position (expected sequence) of the bad or missing entry. */
    public long entry() {
        return entry;
    }
}
