package atenet.tap.jna;

import com.sun.jna.Structure;

import java.nio.charset.StandardCharsets;

/**
 * {@code struct ifreq} as TUNSETIFF uses it (linux/if.h, 40 bytes on x86_64):
 * <pre>
 * +------------------------------+----------------+---------------------+
 * | ifr_name (IFNAMSIZ = 16 B)   | ifr_flags (2 B)| unused union (22 B) |
 * +------------------------------+----------------+---------------------+
 * </pre>
 */
@Structure.FieldOrder({"ifr_name", "ifr_flags", "pad"})
public final class IfReq extends Structure {
    public static final int IFNAMSIZ = 16;

    public byte[] ifr_name = new byte[IFNAMSIZ];
    public short ifr_flags;
    public byte[] pad = new byte[22];

    public IfReq(String name, int flags) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        if (n.length >= IFNAMSIZ) {
            throw new IllegalArgumentException("an interface name has at most " + (IFNAMSIZ - 1) + " characters: '" + name + "'");
        }
        System.arraycopy(n, 0, ifr_name, 0, n.length);
        ifr_flags = (short) flags;
    }

    /** The name the kernel wrote back (it expands "atn%d"). */
    public String name() {
        int len = 0;
        while (len < IFNAMSIZ && ifr_name[len] != 0) {
            len++;
        }
        return new String(ifr_name, 0, len, StandardCharsets.US_ASCII);
    }
}
