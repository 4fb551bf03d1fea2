package atenet.redolog.entry;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Big-endian writer for entry bodies. Not thread-safe; one per encoding. */
public final class BodyWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    public BodyWriter u8(int v) {
        out.write(v);
        return this;
    }

    public BodyWriter u16(int v) {
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    public BodyWriter u32(long v) {
        for (int s = 24; s >= 0; s -= 8) {
            out.write((int) (v >>> s));
        }
        return this;
    }

    public BodyWriter u64(long v) {
        for (int s = 56; s >= 0; s -= 8) {
            out.write((int) (v >>> s));
        }
        return this;
    }

    public BodyWriter bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    /** u16 length + UTF-8. */
    public BodyWriter string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xffff) {
            throw new IllegalArgumentException("string too long to encode: " + b.length + " bytes");
        }
        u16(b.length);
        return bytes(b);
    }

    /** family u8 (4|6) | address (4|16 B) | port u16. */
    public BodyWriter endpoint(InetSocketAddress a) {
        byte[] addr = a.getAddress().getAddress();
        u8(a.getAddress() instanceof Inet4Address ? 4 : 6);
        bytes(addr);
        return u16(a.getPort());
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
