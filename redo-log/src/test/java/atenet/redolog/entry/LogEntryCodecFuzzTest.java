package atenet.redolog.entry;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.ByteBuffer;

import static atenet.redolog.entry.LogEntryCodec.*;

/**
 * Layer: fuzz (docs/testing.md "Fuzzing"). {@link LogEntryCodec#decode} of one stored entry: the
 * only exception allowed is its documented {@link EntryFormatException}. Half of the inputs are
 * framed (version 1, a type code, a consistent body length, 64 signature bytes) so that the fuzzer
 * reaches every entry type's body parser.
 */
class LogEntryCodecFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void decode(FuzzedDataProvider data) {
        byte[] encoded = data.consumeBoolean() ? data.consumeRemainingAsBytes() : framed(data);
        try {
            LogEntry e = LogEntryCodec.decode(encoded);
            if (e.encoded().length != encoded.length) {
                throw new AssertionError("decoded entry changed length");
            }
        } catch (EntryFormatException expected) {
            // the documented refusal
        }
    }

    private static byte[] framed(FuzzedDataProvider data) {
        int type = data.consumeInt(0, 31);
        long sequence = data.consumeLong();
        long time = data.consumeLong();
        byte[] body = data.consumeBytes(MAX_BODY);
        ByteBuffer b = ByteBuffer.allocate(OFFSET_BODY + body.length + SIGNATURE_LEN);
        b.put(OFFSET_VERSION, (byte) VERSION).put(OFFSET_TYPE, (byte) type)
                .putLong(OFFSET_SEQUENCE, sequence).putLong(OFFSET_TIME, time)
                .putInt(OFFSET_BODY_LENGTH, body.length);
        b.put(OFFSET_BODY, body);
        return b.array();
    }
}
