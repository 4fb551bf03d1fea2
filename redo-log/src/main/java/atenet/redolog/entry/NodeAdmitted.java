package atenet.redolog.entry;

import atenet.wire.crypto.KeyId;
import atenet.wire.identity.CertificateException;
import atenet.wire.identity.EnrollmentGrant;

/**
 * NODE_ADMITTED: a node enrols itself with an operator's {@link EnrollmentGrant} ({@code tok nodes add}, then
 * {@code vswitch --join}); signed by the node's own key, accepted because of the grant, and only once per grant.
 * <pre>
 * node signing key (32 B, Ed25519) | node X25519 key (32 B) | node name (u16 length + UTF-8, 1..64 B)
 * | grant (u16 length + the operator-signed grant bytes)
 * </pre>
 * The first three fields are NODE_ENROLLED's, so a client checks either entry as a node certificate
 * ({@code NodeCertificate}). Node id = KeyId.of(signing key) = the entry's author.
 */
public record NodeAdmitted(byte[] signingKey, byte[] x25519Key, String name, byte[] grant) implements EntryBody {
    public NodeAdmitted {
        Checks.key(signingKey, "node signing key");
        Checks.key(x25519Key, "node X25519 key");
        Checks.text(name, "node name", NodeEnrolled.MAX_NAME);
        if (grant == null || grant.length < EnrollmentGrant.MIN_LEN || grant.length > EnrollmentGrant.MAX_LEN) {
            throw new IllegalArgumentException("an enrolment grant is " + EnrollmentGrant.MIN_LEN + ".." + EnrollmentGrant.MAX_LEN + " bytes");
        }
        try {
            EnrollmentGrant.decodeUnverified(grant, 0, grant.length);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    public long nodeId() {
        return KeyId.of(signingKey);
    }

    /** The grant, decoded (its signature is checked by the chain rules against the operator key). */
    public EnrollmentGrant decodedGrant() {
        return EnrollmentGrant.decodeUnverified(grant, 0, grant.length);
    }

    @Override
    public EntryType type() {
        return EntryType.NODE_ADMITTED;
    }

    @Override
    public void encode(BodyWriter out) {
        out.bytes(signingKey).bytes(x25519Key).string(name).u16(grant.length).bytes(grant);
    }

    public static NodeAdmitted decode(BodyReader in) {
        byte[] sk = in.bytes(32, "node signing key");
        byte[] xk = in.bytes(32, "node X25519 key");
        String name = in.string("node name", NodeEnrolled.MAX_NAME);
        int n = in.u16("grant length");
        byte[] grant = in.bytes(n, "grant");
        return Checks.build(in, () -> new NodeAdmitted(sk, xk, name, grant));
    }

    @Override
    public String summary() {
        return "node '" + name + "' " + KeyId.hex(nodeId()) + " by grant " + decodedGrant().grantIdHex();
    }
}
