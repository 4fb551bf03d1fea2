package atenet.wire.token;

/** A token that cannot be read; the message is written for the user who pasted it. */
public final class TokenFormatException extends IllegalArgumentException {
    public TokenFormatException(String message) {
        super(message);
    }
}
