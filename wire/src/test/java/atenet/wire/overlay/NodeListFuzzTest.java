package atenet.wire.overlay;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Layer: fuzz (docs/testing.md "Fuzzing"). {@link NodeList#read} of a NODES payload at any offset and
 * length inside a buffer ({@code off + len ≤ buffer length}, as the decrypted payload is). It never throws;
 * whatever it accepts has at most {@link NodeList#MAX_NODES} entries, and re-encodes to exactly the bytes read
 * — except in two documented ways the format is not canonical (the decoded entries are the same anyway, so
 * the second round trip must be exact):
 * <ul>
 *   <li>a name that is not valid UTF-8 is decoded with U+FFFD replacements (and re-encoded as such, cut to
 *       64 bytes);</li>
 *   <li>an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}, family 6) decodes to an IPv4 address (Java's
 *       {@code InetAddress.getByAddress}) and re-encodes as family 4.</li>
 * </ul>
 */
class NodeListFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void read(FuzzedDataProvider data) {
        int offHint = data.consumeInt();
        int lenHint = data.consumeInt();
        byte[] in = data.consumeRemainingAsBytes();
        int off = in.length == 0 ? 0 : Math.floorMod(offHint, in.length + 1);
        int len = Math.floorMod(lenHint, in.length - off + 1);
        List<NodeList.Entry> nodes = NodeList.read(in, off, len);
        if (nodes == null) {
            return;
        }
        if (nodes.size() > NodeList.MAX_NODES) {
            throw new AssertionError(nodes.size() + " entries");
        }
        byte[] out = new byte[NodeList.maxLen()];
        int n = NodeList.write(nodes, out, 0);
        byte[] encoded = Arrays.copyOf(out, n);
        if (!Arrays.equals(encoded, 0, n, in, off, off + len) && canonicalCase(in, off, len)) {
            throw new AssertionError("read accepted bytes that do not re-encode to themselves");
        }
        List<NodeList.Entry> again = NodeList.read(encoded, 0, n);
        if (again == null || again.size() != nodes.size()) {
            throw new AssertionError("a written node list does not read back");
        }
        for (int i = 0; i < nodes.size(); i++) {
            NodeList.Entry a = nodes.get(i);
            NodeList.Entry b = again.get(i);
            if (!Arrays.equals(a.x25519Key(), b.x25519Key()) || !a.endpoint().equals(b.endpoint())
                    || !a.name().startsWith(b.name())) {
                throw new AssertionError("entry " + i + " changed: " + a + " → " + b);
            }
        }
        byte[] out2 = new byte[NodeList.maxLen()];
        int n2 = NodeList.write(again, out2, 0);
        if (!Arrays.equals(out2, 0, n2, encoded, 0, n)) {
            throw new AssertionError("a written node list is not canonical");
        }
    }

    /** True unless the accepted list has a non-UTF-8 name or an IPv4-mapped IPv6 address (walks the bytes). */
    private static boolean canonicalCase(byte[] in, int off, int len) {
        int p = off;
        int count = in[p++] & 0xff;
        for (int i = 0; i < count; i++) {
            p += 32;
            int nl = in[p++] & 0xff;
            try {
                StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(in, p, nl));
            } catch (CharacterCodingException e) {
                return false;
            }
            p += nl;
            int family = in[p++] & 0xff;
            if (family == 6) {
                boolean mapped = true;
                for (int j = 0; j < 10; j++) {
                    mapped &= in[p + j] == 0;
                }
                mapped &= in[p + 10] == (byte) 0xff && in[p + 11] == (byte) 0xff;
                if (mapped) {
                    return false;
                }
            }
            p += family == 4 ? 4 : 16;
            p += 2;
        }
        return true;
    }
}
