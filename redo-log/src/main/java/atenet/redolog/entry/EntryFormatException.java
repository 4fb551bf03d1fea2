package atenet.redolog.entry;

/** A byte string that is not a well-formed chain entry or entry body. The message says what and where. */
public class EntryFormatException extends IllegalArgumentException {
    public EntryFormatException(String message) {
        super(message);
    }
}
