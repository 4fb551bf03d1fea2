package atenet.redolog.repl;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Layer: fuzz (docs/testing.md "Fuzzing"). A Raft reply is a member's answer, decoded by the author (a node, or tok
 * through a node): {@link SubmitResult#decode} may only refuse with an {@link IllegalArgumentException}, and a
 * result that decodes survives a round trip.
 */
class SubmitResultFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void decode(FuzzedDataProvider data) {
        byte[] m = data.consumeRemainingAsBytes();
        try {
            SubmitResult r = SubmitResult.decode(m);
            SubmitResult again = SubmitResult.decode(r.encode());
            if (again.outcome() != r.outcome() || again.sequence() != r.sequence()) {
                throw new AssertionError("a decoded result does not survive encode/decode");
            }
        } catch (IllegalArgumentException expected) {
            // the documented refusal
        }
    }
}
