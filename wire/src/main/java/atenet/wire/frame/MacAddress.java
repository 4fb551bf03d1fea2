package atenet.wire.frame;

/**
 * A 48-bit MAC address held in the low bits of a {@code long} (first octet most significant),
 * so that the switch compares and hashes addresses without allocating.
 */
public final class MacAddress {
    public static final long BROADCAST = 0xffff_ffff_ffffL;

    private MacAddress() {
    }

    /** Reads six bytes at {@code off}. */
    public static long read(byte[] b, int off) {
        return ((long) (b[off] & 0xff) << 40) | ((long) (b[off + 1] & 0xff) << 32)
                | ((long) (b[off + 2] & 0xff) << 24) | ((long) (b[off + 3] & 0xff) << 16)
                | ((long) (b[off + 4] & 0xff) << 8) | (b[off + 5] & 0xff);
    }

    public static void write(byte[] b, int off, long mac) {
        for (int i = 5; i >= 0; i--) {
            b[off + i] = (byte) mac;
            mac >>>= 8;
        }
    }

    /** Group bit (I/G, lowest bit of the first octet): broadcast and multicast. */
    public static boolean isMulticast(long mac) {
        return (mac & 0x0100_0000_0000L) != 0;
    }

    public static String format(long mac) {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 5; i >= 0; i--) {
            int o = (int) (mac >>> (i * 8)) & 0xff;
            if (sb.length() > 0) {
                sb.append(':');
            }
            sb.append(Character.forDigit(o >>> 4, 16)).append(Character.forDigit(o & 15, 16));
        }
        return sb.toString();
    }

    public static long parse(String s) {
        String[] parts = s.split(":", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("a MAC address is six hex octets separated by ':', got '" + s + "'");
        }
        long v = 0;
        for (String p : parts) {
            if (p.length() != 2 || Character.digit(p.charAt(0), 16) < 0 || Character.digit(p.charAt(1), 16) < 0) {
                throw new IllegalArgumentException("a MAC address is six hex octets separated by ':', got '" + s + "'");
            }
            v = (v << 8) | Integer.parseInt(p, 16);
        }
        return v;
    }
}
