package atenet.wire.token;

import atenet.wire.crypto.KeyId;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.Arrays;
import java.util.Base64;

/**
 * Layer: fuzz (docs/testing.md "Fuzzing"). {@link AccessToken#decode} on hostile text: the only
 * exception allowed is {@link TokenFormatException}. Most inputs are built as {@code atn1_} +
 * base64url(body + valid checksum), so that the fuzzer reaches the field parser instead of
 * stopping at the checksum.
 */
class AccessTokenFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void decode(FuzzedDataProvider data) {
        int mode = data.consumeInt(0, 2);
        String text = switch (mode) {
            case 0 -> data.consumeRemainingAsString();
            case 1 -> AccessToken.PREFIX + base64(data.consumeRemainingAsBytes());
            default -> AccessToken.PREFIX + base64(withChecksum(data.consumeRemainingAsBytes()));
        };
        try {
            AccessToken t = AccessToken.decode(text);
            AccessToken again = AccessToken.decode(t.encode());
            if (!Arrays.equals(again.privateKey(), t.privateKey()) || !again.networkName().equals(t.networkName())) {
                throw new AssertionError("a decoded token does not survive encode/decode");
            }
        } catch (TokenFormatException expected) {
            // the documented refusal
        }
    }

    static byte[] withChecksum(byte[] body) {
        byte[] raw = Arrays.copyOf(body, body.length + 4);
        System.arraycopy(KeyId.sha256(body), 0, raw, body.length, 4);
        return raw;
    }

    private static String base64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
