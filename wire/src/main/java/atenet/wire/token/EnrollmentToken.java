package atenet.wire.token;

import atenet.wire.identity.CertificateException;
import atenet.wire.identity.EnrollmentGrant;
import atenet.wire.net.HostPort;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What {@code tok nodes add} prints and {@code vswitch --join} takes: the operator's {@link EnrollmentGrant}, the
 * operator's public key (to check the grant and the chain the new node copies) and where running nodes take joins
 * (their admin HTTP addresses). It holds no secret of the operator; it enrols one node, once, until it expires.
 * <pre>
 * bytes = version (1) | operator key (32) | grant length u16 | grant | contacts k u8 | k × (length u8, "HOST:PORT")
 * text  = "atnj_" base64url-without-padding(bytes)
 * </pre>
 */
public record EnrollmentToken(byte[] operatorKey, EnrollmentGrant grant, List<HostPort> contacts) {
    public static final String PREFIX = "atnj_";
    public static final int VERSION = 1;
    public static final int MAX_CONTACTS = 16;

    public String encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(VERSION);
        out.writeBytes(operatorKey);
        byte[] g = grant.encoded();
        out.write(g.length >> 8);
        out.write(g.length & 0xff);
        out.writeBytes(g);
        out.write(contacts.size());
        for (HostPort c : contacts) {
            byte[] t = c.toString().getBytes(StandardCharsets.US_ASCII);
            out.write(t.length);
            out.writeBytes(t);
        }
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    /**
     * Decodes and checks the grant's signature against the operator key in the token (whether that key is the
     * chain's own is checked when the chain is copied).
     *
     * @throws TokenFormatException with a one-line message for the user
     */
    public static EnrollmentToken decode(String text) {
        if (text == null || !text.strip().startsWith(PREFIX)) {
            throw new TokenFormatException("not an enrolment token (it starts with " + PREFIX + "; tok nodes add prints one)");
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(text.strip().substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new TokenFormatException("the enrolment token is corrupted: not valid base64url (was it changed when copied?)");
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(raw);
            if (b.get() != VERSION) {
                throw new TokenFormatException("unknown enrolment token version");
            }
            byte[] op = new byte[32];
            b.get(op);
            int gl = b.getShort() & 0xffff;
            byte[] g = new byte[gl];
            b.get(g);
            EnrollmentGrant grant = EnrollmentGrant.verify(g, 0, gl, op);
            int k = b.get() & 0xff;
            if (k < 1 || k > MAX_CONTACTS) {
                throw new TokenFormatException("the enrolment token names " + k + " nodes to contact (1.." + MAX_CONTACTS + ")");
            }
            List<HostPort> contacts = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                byte[] t = new byte[b.get() & 0xff];
                b.get(t);
                contacts.add(HostPort.parse("a node address in the enrolment token", new String(t, StandardCharsets.US_ASCII)));
            }
            if (b.hasRemaining()) {
                throw new TokenFormatException("the enrolment token has trailing bytes");
            }
            return new EnrollmentToken(op, grant, List.copyOf(contacts));
        } catch (TokenFormatException e) {
            throw e;
        } catch (java.nio.BufferUnderflowException e) {
            throw new TokenFormatException("the enrolment token is truncated (was it cut when copied?)");
        } catch (CertificateException | IllegalArgumentException e) {
            throw new TokenFormatException("the enrolment token is not valid: " + e.getMessage());
        }
    }
}
