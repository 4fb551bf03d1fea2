package atenet.redolog.chain;

/** The entry is well-formed and authorised but does not make sense against the state (unknown network, duplicate, ...). */
public class ChainRuleException extends IllegalArgumentException {
    public ChainRuleException(String message) {
        super(message);
    }
}
