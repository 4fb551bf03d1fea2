package atenet.redolog.chain;

/** The author key may not write this entry (not the operator, or a node writing beyond its own membership). */
public class AuthorityException extends IllegalArgumentException {
    public AuthorityException(String message) {
        super(message);
    }
}
