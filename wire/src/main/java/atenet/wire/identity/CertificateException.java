package atenet.wire.identity;

/** A node certificate that does not verify; the message says why, fit for a user. */
public final class CertificateException extends RuntimeException {
    public CertificateException(String message) {
        super(message);
    }
}
