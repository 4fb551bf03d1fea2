package atenet.redolog.entry;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Length-checked big-endian reader for entry bodies: every read checks what is left first and fails with an
 * {@link EntryFormatException} that names the entry type, the field, what was expected and what was there.
 */
public final class BodyReader {
    private final EntryType type;
    private final ByteBuffer buf;

    public BodyReader(EntryType type, byte[] body) {
        this.type = type;
        this.buf = ByteBuffer.wrap(body);
    }

    private void need(int n, String field) {
        if (buf.remaining() < n) {
            throw fail(field + ": truncated, expected " + n + " bytes, " + buf.remaining() + " left");
        }
    }

    public EntryFormatException fail(String what) {
        return new EntryFormatException(type + " body: " + what);
    }

    public int u8(String field) {
        need(1, field);
        return buf.get() & 0xff;
    }

    public int u16(String field) {
        need(2, field);
        return buf.getShort() & 0xffff;
    }

    public long u64(String field) {
        need(8, field);
        return buf.getLong();
    }

    public byte[] bytes(int n, String field) {
        need(n, field);
        byte[] b = new byte[n];
        buf.get(b);
        return b;
    }

    /** u16 length + strict UTF-8 of at most {@code maxBytes} bytes. */
    public String string(String field, int maxBytes) {
        int len = u16(field + " length");
        if (len > maxBytes) {
            throw fail(field + ": length " + len + " exceeds the maximum of " + maxBytes + " bytes");
        }
        byte[] b = bytes(len, field);
        try {
            CharBuffer c = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b));
            return c.toString();
        } catch (CharacterCodingException e) {
            throw fail(field + ": not valid UTF-8");
        }
    }

    public InetSocketAddress endpoint(String field) {
        int family = u8(field + " family");
        if (family != 4 && family != 6) {
            throw fail(field + ": address family " + family + ", expected 4 or 6");
        }
        byte[] addr = bytes(family == 4 ? 4 : 16, field + " address");
        int port = u16(field + " port");
        try {
            return new InetSocketAddress(InetAddress.getByAddress(addr), port);
        } catch (UnknownHostException e) {
            throw fail(field + ": bad address");
        }
    }

    /** Bytes not read yet (for an optional trailing field). */
    public int remaining() {
        return buf.remaining();
    }

    /** @throws EntryFormatException if bytes are left over */
    public void end() {
        if (buf.hasRemaining()) {
            throw fail(buf.remaining() + " unexpected trailing bytes");
        }
    }
}
