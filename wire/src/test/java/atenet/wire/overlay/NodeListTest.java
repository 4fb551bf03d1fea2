package atenet.wire.overlay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class NodeListTest {

    private static byte[] key(int seed) {
        byte[] k = new byte[32];
        new SplittableRandom(seed).nextBytes(k);
        return k;
    }

    private static InetSocketAddress ep(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static NodeList.Entry entry(int seed, String name, String ip, int port) {
        return new NodeList.Entry(key(seed), name, ep(ip, port));
    }

    private static byte[] encode(List<NodeList.Entry> nodes) {
        byte[] out = new byte[NodeList.maxLen() + 50];
        int n = NodeList.write(nodes, out, 0);
        return Arrays.copyOf(out, n);
    }

    private static void assertSame(List<NodeList.Entry> want, List<NodeList.Entry> got) {
        assertNotNull(got);
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(want.get(i).x25519Key(), got.get(i).x25519Key(), "key " + i);
            assertEquals(want.get(i).name(), got.get(i).name(), "name " + i);
            assertEquals(want.get(i).endpoint(), got.get(i).endpoint(), "endpoint " + i);
        }
    }

    private static List<NodeList.Entry> sample() {
        return List.of(entry(1, "paris-1", "192.0.2.1", 51820), entry(2, "tokyo-東京", "2001:db8::7", 443),
                entry(3, "x", "198.51.100.255", 65535), entry(4, "n".repeat(64), "::", 0));
    }

    @Test
    void roundTripIpv4Ipv6AndNames() {
        List<NodeList.Entry> nodes = sample();
        byte[] b = encode(nodes);
        assertSame(nodes, NodeList.read(b, 0, b.length));
    }

    @Test
    void roundTripEmpty() {
        byte[] b = encode(List.of());
        assertArrayEquals(new byte[]{0}, b);
        List<NodeList.Entry> got = NodeList.read(b, 0, 1);
        assertNotNull(got);
        assertTrue(got.isEmpty());
    }

    @Test
    void roundTripAtAnOffsetInsideALargerArray() {
        List<NodeList.Entry> nodes = sample();
        byte[] out = new byte[NodeList.maxLen() + 100];
        Arrays.fill(out, (byte) 0xee);
        int n = NodeList.write(nodes, out, 37);
        assertEquals((byte) 0xee, out[36], "write must not touch bytes before off");
        assertEquals((byte) 0xee, out[37 + n], "write must not touch bytes after its length");
        assertSame(nodes, NodeList.read(out, 37, n));
    }

    @Test
    void layoutIsAsDocumented() {
        NodeList.Entry e = entry(9, "ab", "1.2.3.4", 0x1234);
        byte[] b = encode(List.of(e, entry(10, "c", "::1", 7)));
        assertEquals(2, b[0]);
        assertArrayEquals(e.x25519Key(), Arrays.copyOfRange(b, 1, 33));
        assertEquals(2, b[33]);
        assertEquals('a', b[34]);
        assertEquals('b', b[35]);
        assertEquals(4, b[36]);
        assertArrayEquals(new byte[]{1, 2, 3, 4}, Arrays.copyOfRange(b, 37, 41));
        assertEquals(0x12, b[41]);
        assertEquals(0x34, b[42]);
        int second = 43;
        assertEquals(1, b[second + 32]);
        assertEquals('c', b[second + 33]);
        assertEquals(6, b[second + 34]);
        assertEquals(1, b[second + 35 + 15]);
        assertEquals(second + 35 + 16 + 2, b.length);
    }

    @Test
    void maxLenBoundsTheLargestList() {
        List<NodeList.Entry> nodes = new ArrayList<>();
        for (int i = 0; i < NodeList.MAX_NODES; i++) {
            nodes.add(entry(i, "é".repeat(32), "2001:db8::" + (i + 1), 65535));
        }
        byte[] out = new byte[NodeList.maxLen()];
        int n = NodeList.write(nodes, out, 0);
        assertEquals(NodeList.maxLen(), n);
        assertSame(nodes, NodeList.read(out, 0, n));
        // and a node list always fits in one transport packet
        assertTrue(NodeList.maxLen() <= OverlayHeader.MAX_PAYLOAD_LEN);
    }

    @Test
    void writeCapsAtMaxNodes() {
        List<NodeList.Entry> nodes = new ArrayList<>();
        for (int i = 0; i < NodeList.MAX_NODES + 5; i++) {
            nodes.add(entry(i, "node-" + i, "10.0.0." + (i + 1), 1000 + i));
        }
        byte[] b = encode(nodes);
        assertEquals(NodeList.MAX_NODES, b[0] & 0xff);
        List<NodeList.Entry> got = NodeList.read(b, 0, b.length);
        assertSame(nodes.subList(0, NodeList.MAX_NODES), got);
    }

    @Test
    void readNullForEmptyOrNegativeLength() {
        assertNull(NodeList.read(new byte[10], 0, 0));
        assertNull(NodeList.read(new byte[10], 0, -1));
        assertNull(NodeList.read(new byte[0], 0, 0));
    }

    @Test
    void readNullForEveryTruncation() {
        byte[] b = encode(sample());
        for (int len = 1; len < b.length; len++) {
            int l = len;
            assertNull(assertDoesNotThrow(() -> NodeList.read(b, 0, l)), "length " + len);
            // also when the bytes after the cut are still in the array (a length that lies)
            assertNull(NodeList.read(Arrays.copyOf(b, len), 0, len), "length " + len);
        }
    }

    @Test
    void readNullForTrailingBytes() {
        byte[] b = encode(sample());
        byte[] longer = Arrays.copyOf(b, b.length + 1);
        assertNull(NodeList.read(longer, 0, longer.length));
        byte[] empty = {0, 0};
        assertNull(NodeList.read(empty, 0, 2));
    }

    @ParameterizedTest
    @ValueSource(ints = {13, 14, 100, 255})
    void readNullForCountAboveMax(int count) {
        List<NodeList.Entry> nodes = new ArrayList<>();
        for (int i = 0; i < NodeList.MAX_NODES; i++) {
            nodes.add(entry(i, "n" + i, "10.0.0.1", 1));
        }
        byte[] b = encode(nodes);
        b[0] = (byte) count;
        assertNull(NodeList.read(b, 0, b.length));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 5, 7, 16, 46, 255})
    void readNullForUnknownFamily(int family) {
        byte[] b = encode(List.of(entry(1, "ab", "1.2.3.4", 99)));
        assertEquals(4, b[36]);
        b[36] = (byte) family;
        assertNull(NodeList.read(b, 0, b.length));
    }

    @Test
    void readNullForFamilyMismatchingTheAddressLength() {
        byte[] b = encode(List.of(entry(1, "ab", "1.2.3.4", 99)));
        b[36] = 6;
        assertNull(NodeList.read(b, 0, b.length));
        b = encode(List.of(entry(1, "ab", "::1", 99)));
        assertEquals(6, b[36]);
        b[36] = 4;
        assertNull(NodeList.read(b, 0, b.length));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 65, 100, 255})
    void readNullForBadNameLength(int nameLen) {
        byte[] b = encode(List.of(entry(1, "ab", "1.2.3.4", 99)));
        assertEquals(2, b[33]);
        b[33] = (byte) nameLen;
        assertNull(NodeList.read(b, 0, b.length));
        // even when the bytes are there to back a 65..255-byte name
        byte[] padded = Arrays.copyOf(b, b.length + 300);
        assertNull(NodeList.read(padded, 0, padded.length));
    }

    @Test
    void nameOf64BytesIsTheLongestAccepted() {
        String name = "é".repeat(32);
        assertEquals(64, name.getBytes(StandardCharsets.UTF_8).length);
        List<NodeList.Entry> nodes = List.of(new NodeList.Entry(key(1), name, ep("10.1.1.1", 5)));
        byte[] b = encode(nodes);
        assertSame(nodes, NodeList.read(b, 0, b.length));
    }

    /** write truncates a longer name to 64 bytes, so its output is still readable. */
    @Test
    void writeTruncatesLongNamesToSomethingReadable() {
        NodeList.Entry e = new NodeList.Entry(key(1), "z".repeat(100), ep("10.1.1.1", 5));
        byte[] b = encode(List.of(e));
        List<NodeList.Entry> got = NodeList.read(b, 0, b.length);
        assertNotNull(got);
        assertEquals("z".repeat(64), got.get(0).name());
    }

    @Test
    void invalidUtf8NameDoesNotThrow() {
        byte[] b = encode(List.of(entry(1, "ab", "1.2.3.4", 99)));
        b[34] = (byte) 0xff;
        b[35] = (byte) 0xc0;
        List<NodeList.Entry> got = assertDoesNotThrow(() -> NodeList.read(b, 0, b.length));
        if (got != null) {
            assertEquals(1, got.size());
            assertFalse(got.get(0).name().isEmpty());
        }
    }

    @Test
    void readCopiesTheKey() {
        byte[] b = encode(List.of(entry(1, "ab", "1.2.3.4", 99)));
        List<NodeList.Entry> got = NodeList.read(b, 0, b.length);
        byte[] k = got.get(0).x25519Key().clone();
        Arrays.fill(b, (byte) 0);
        assertArrayEquals(k, got.get(0).x25519Key());
    }

    @Test
    void tenThousandRandomArraysNeverThrow() {
        SplittableRandom r = new SplittableRandom(4242);
        int parsed = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] b = new byte[r.nextInt(0, 400)];
            r.nextBytes(b);
            if (b.length > 0 && r.nextBoolean()) {
                b[0] = (byte) r.nextInt(0, 3); // make short, plausible lists likely
            }
            int off = b.length == 0 ? 0 : r.nextInt(0, b.length);
            int len = b.length - off;
            try {
                if (NodeList.read(b, off, len) != null) {
                    parsed++;
                }
            } catch (RuntimeException e) {
                throw new AssertionError("iteration " + i + ": " + Arrays.toString(b) + " off " + off, e);
            }
        }
        assertTrue(parsed >= 0);
    }

    @Test
    void mutatedValidListsNeverThrow() {
        SplittableRandom r = new SplittableRandom(99);
        byte[] base = encode(sample());
        for (int i = 0; i < 10_000; i++) {
            byte[] b = base.clone();
            for (int k = 0; k < 1 + r.nextInt(3); k++) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            int len = r.nextInt(b.length + 1);
            assertDoesNotThrow(() -> NodeList.read(b, 0, len), "iteration " + i);
        }
    }
}
