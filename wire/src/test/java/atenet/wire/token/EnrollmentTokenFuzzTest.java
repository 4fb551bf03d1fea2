package atenet.wire.token;

import atenet.wire.identity.CertificateException;
import atenet.wire.identity.EnrollmentGrant;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.Arrays;
import java.util.Base64;

/**
 * Layer: fuzz (docs/testing.md "Fuzzing"). What a new node is handed ({@code vswitch --join}) and what a node takes
 * on its join endpoints is hostile until checked: {@link EnrollmentToken#decode} may only refuse with a
 * {@link TokenFormatException}, and {@link EnrollmentGrant#verify} / {@link EnrollmentGrant#decodeUnverified} only
 * with a {@link CertificateException}; a grant that decodes survives a round trip.
 */
class EnrollmentTokenFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void token(FuzzedDataProvider data) {
        String text = data.consumeBoolean() ? data.consumeRemainingAsString()
                : EnrollmentToken.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(data.consumeRemainingAsBytes());
        try {
            EnrollmentToken t = EnrollmentToken.decode(text);
            EnrollmentToken again = EnrollmentToken.decode(t.encode());
            if (!Arrays.equals(again.grant().encoded(), t.grant().encoded()) || !again.contacts().equals(t.contacts())) {
                throw new AssertionError("a decoded enrolment token does not survive encode/decode");
            }
        } catch (TokenFormatException expected) {
            // the documented refusal
        }
    }

    @FuzzTest(maxDuration = "30s")
    void grant(FuzzedDataProvider data) {
        byte[] operator = data.consumeBytes(32);
        int off = data.consumeInt(0, 8);
        byte[] g = data.consumeRemainingAsBytes();
        int len = Math.max(0, g.length - off);
        try {
            EnrollmentGrant d = EnrollmentGrant.decodeUnverified(g, off, len);
            if (d.name().isEmpty() || d.networks().size() > EnrollmentGrant.MAX_NETWORKS) {
                throw new AssertionError("a decoded grant broke its own limits");
            }
            EnrollmentGrant.verify(g, off, len, operator);
        } catch (CertificateException expected) {
            // the documented refusal
        }
    }
}
