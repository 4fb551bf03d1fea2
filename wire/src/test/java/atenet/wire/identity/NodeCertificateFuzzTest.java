package atenet.wire.identity;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.Arrays;

/**
 * Layer: fuzz (docs/testing.md "Fuzzing"). {@link NodeCertificate#verify} on hostile input: arbitrary bytes
 * with any offset and length (any int, the method checks the bounds itself), or a valid certificate
 * (signed with {@link Certs}) placed at an offset inside junk and then mutated. The only exception allowed is
 * {@link CertificateException}; a certificate verifies only when its bytes are exactly the signed ones, and
 * then it says what was signed.
 */
class NodeCertificateFuzzTest {
    private static final byte[][] VALID = {Certs.entry("node-a"), Certs.entry("n"),
            Certs.entry("x".repeat(64)), Certs.entry("nœud-ü")};

    @FuzzTest(maxDuration = "60s")
    void verify(FuzzedDataProvider data) {
        int mode = data.consumeInt(0, 2);
        byte[] buf;
        int off;
        int len;
        byte[] original = null;
        byte[] key = Certs.OPERATOR_KEY;
        if (mode == 0) {
            off = data.consumeInt();
            len = data.consumeInt();
            if (data.consumeBoolean()) {
                key = data.consumeBytes(data.consumeInt(0, 40));
            }
            buf = data.consumeRemainingAsBytes();
        } else {
            original = VALID[data.consumeInt(0, VALID.length - 1)];
            byte[] before = data.consumeBytes(data.consumeInt(0, 16));
            byte[] after = data.consumeBytes(data.consumeInt(0, 16));
            off = before.length;
            len = original.length;
            buf = new byte[before.length + original.length + after.length];
            System.arraycopy(before, 0, buf, 0, before.length);
            System.arraycopy(original, 0, buf, off, original.length);
            System.arraycopy(after, 0, buf, off + original.length, after.length);
            if (mode == 1) {                                    // a few byte changes
                int n = data.consumeInt(0, 4);
                for (int i = 0; i < n; i++) {
                    buf[off + data.consumeInt(0, len - 1)] ^= data.consumeByte();
                }
            } else {                                            // a splice, and maybe a different length
                int at = data.consumeInt(0, len - 1);
                len = data.consumeInt(len - 70, len + after.length);
                byte[] with = data.consumeRemainingAsBytes();
                System.arraycopy(with, 0, buf, off + at, Math.min(with.length, buf.length - off - at));
            }
        }
        NodeCertificate c;
        try {
            c = NodeCertificate.verify(buf, off, len, key);
        } catch (CertificateException refused) {
            return;
        }
        if (original == null || len != original.length || !Arrays.equals(buf, off, off + len, original, 0, len)) {
            throw new AssertionError("verified bytes that the operator did not sign (mode " + mode + ")");
        }
        if (!Arrays.equals(c.x25519Key(), Certs.NODE_X25519) || !Arrays.equals(c.signingKey(), Certs.NODE_SIGNING)
                || c.sequence() != 42 || c.name().isEmpty()) {
            throw new AssertionError("a verified certificate says something else than was signed: " + c);
        }
    }
}
