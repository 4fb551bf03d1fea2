package atenet.tok;

/** An error to report as one line ("tok: message") with exit code 1. */
public class TokException extends RuntimeException {
    public TokException(String message) {
        super(message);
    }
}
