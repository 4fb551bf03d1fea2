package atenet.wire.frame;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Layer: fuzz (docs/testing.md "Fuzzing"). The Ethernet/MAC helpers: {@link MacAddress} reads,
 * writes, formats and parses without surprises (parse refuses with IllegalArgumentException only,
 * and format/parse round-trip); {@link ServerFrames#classify} never throws for any frame, offset
 * and length, and its answer does not depend on bytes outside {@code [off, off+len)}.
 */
class FrameFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void macAddress(FuzzedDataProvider data) {
        String text = data.consumeString(40);
        byte[] b = data.consumeRemainingAsBytes();
        try {
            long parsed = MacAddress.parse(text);
            check(MacAddress.parse(MacAddress.format(parsed)) == parsed, "parse(format(parse(s)))");
        } catch (IllegalArgumentException refused) {
            // the documented refusal
        }
        if (b.length >= 6) {
            int off = b.length - 6;
            long mac = MacAddress.read(b, off);
            check(mac >= 0 && mac <= MacAddress.BROADCAST, "48 bits");
            check(MacAddress.parse(MacAddress.format(mac)) == mac, "format/parse round trip");
            byte[] copy = new byte[6];
            MacAddress.write(copy, 0, mac);
            check(MacAddress.read(copy, 0) == mac, "write/read round trip");
            MacAddress.isMulticast(mac);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void serverFrames(FuzzedDataProvider data) {
        int off = data.consumeBoolean() ? data.consumeInt(0, 8) : data.consumeInt();
        int lenHint = data.consumeInt();
        boolean anyLen = data.consumeBoolean();
        byte[] frame = data.consumeRemainingAsBytes();
        int len = anyLen || off < 0 || off > frame.length ? lenHint : frame.length - off;
        int verdict = ServerFrames.classify(frame, off, len);
        check(verdict >= ServerFrames.NONE && verdict <= ServerFrames.DHCP_SERVER, "verdict " + verdict);
        if (off >= 0 && len >= 0 && off <= frame.length && len <= frame.length - off) {
            byte[] exact = java.util.Arrays.copyOfRange(frame, off, off + len);
            check(ServerFrames.classify(exact, 0, len) == verdict, "depends on bytes outside the frame");
        }
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
