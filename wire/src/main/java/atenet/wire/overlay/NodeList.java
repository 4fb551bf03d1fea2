package atenet.wire.overlay;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Payload of a NODES transport message: the nodes that serve the receiver's network, as the sending node's
 * chain has them. It travels inside an authenticated session, so the client can use these keys directly
 * (no certificate round trip) when it fails over.
 * <pre>
 * count (u8, at most {@link #MAX_NODES})
 * per node: X25519 key (32) | name length (u8, 1..64) | name (UTF-8) | family (u8: 4|6) | address (4|16) | port (u16)
 * </pre>
 */
public final class NodeList {
    public static final int MAX_NODES = 12;
    private static final int MAX_NAME = 64;

    public record Entry(byte[] x25519Key, String name, InetSocketAddress endpoint) {
        public Entry {
            if (x25519Key == null || x25519Key.length != 32 || endpoint == null || endpoint.getAddress() == null) {
                throw new IllegalArgumentException("a node list entry needs a 32-byte key and a resolved endpoint");
            }
            name = name == null || name.isEmpty() ? "node" : name;
        }
    }

    /** The name as at most 64 bytes of UTF-8, cut on a character boundary. */
    private static byte[] safeName(String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        if (b.length <= MAX_NAME) {
            return b;
        }
        int cut = MAX_NAME;
        while (cut > 0 && (b[cut] & 0xc0) == 0x80) {
            cut--;                                      // do not split a multi-byte character
        }
        return java.util.Arrays.copyOf(b, cut);
    }

    private NodeList() {
    }

    /** Encodes up to {@link #MAX_NODES} entries at {@code out[off ..]}; returns the bytes written. */
    public static int write(List<Entry> nodes, byte[] out, int off) {
        int n = Math.min(nodes.size(), MAX_NODES);
        int p = off;
        out[p++] = (byte) n;
        for (int i = 0; i < n; i++) {
            Entry e = nodes.get(i);
            System.arraycopy(e.x25519Key(), 0, out, p, 32);
            p += 32;
            byte[] name = safeName(e.name());
            int nl = name.length;
            out[p++] = (byte) nl;
            System.arraycopy(name, 0, out, p, nl);
            p += nl;
            byte[] addr = e.endpoint().getAddress().getAddress();
            out[p++] = (byte) (addr.length == 4 ? 4 : 6);
            System.arraycopy(addr, 0, out, p, addr.length);
            p += addr.length;
            OverlayCodec.putShort(out, p, e.endpoint().getPort());
            p += 2;
        }
        return p - off;
    }

    /** The largest encoding of {@link #MAX_NODES} entries. */
    public static int maxLen() {
        return 1 + MAX_NODES * (32 + 1 + MAX_NAME + 1 + 16 + 2);
    }

    /** Decodes {@code in[off .. off+len)}; null when malformed (a counted drop for the caller). */
    public static List<Entry> read(byte[] in, int off, int len) {
        if (len < 1) {
            return null;
        }
        int end = off + len;
        int p = off;
        int n = in[p++] & 0xff;
        if (n > MAX_NODES) {
            return null;
        }
        List<Entry> out = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                if (p + 33 > end) {
                    return null;
                }
                byte[] key = java.util.Arrays.copyOfRange(in, p, p + 32);
                p += 32;
                int nl = in[p++] & 0xff;
                if (nl < 1 || nl > MAX_NAME || p + nl + 1 > end) {
                    return null;
                }
                String name;
                try {                                    // strict: a name that is not UTF-8 is a malformed list
                    name = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(in, p, nl)).toString();
                } catch (java.nio.charset.CharacterCodingException e) {
                    return null;
                }
                p += nl;
                int family = in[p++] & 0xff;
                int alen = family == 4 ? 4 : family == 6 ? 16 : -1;
                if (alen < 0 || p + alen + 2 > end) {
                    return null;
                }
                InetAddress a = InetAddress.getByAddress(java.util.Arrays.copyOfRange(in, p, p + alen));
                p += alen;
                int port = OverlayCodec.getShort(in, p);
                p += 2;
                out.add(new Entry(key, name, new InetSocketAddress(a, port)));
            }
        } catch (UnknownHostException e) {
            return null;
        }
        return p == end ? out : null;
    }
}
