package atenet.wire.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 address with a prefix length, {@code a.b.c.d/p}, as given on a command line or stored in a token:
 * the address (host bits allowed: {@code 10.250.0.11/24} is an interface address) in an {@code int}, big-endian.
 * Shared by the chain's subnets (which also refuse host bits, see redo-log's {@code Cidr}) and the client's
 * {@code --address}.
 */
public record Ipv4Cidr(int address, int prefix) {
    public Ipv4Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("an IPv4 prefix is 0-32, got /" + prefix);
        }
    }

    /**
     * Parses {@code a.b.c.d/p} (prefix 1-32).
     *
     * @param what names the value in the error ("--address", "subnet")
     * @throws IllegalArgumentException with a one-line message for the user
     */
    public static Ipv4Cidr parse(String what, String text) {
        String bad = what + " expects IPv4 CIDR A.B.C.D/P (for example 10.250.0.0/24), got '" + text + "'";
        if (text == null) {
            throw new IllegalArgumentException(bad);
        }
        String t = text.strip();
        int slash = t.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException(bad);
        }
        String[] parts = t.substring(0, slash).split("\\.", -1);
        String ps = t.substring(slash + 1);
        if (parts.length != 4 || !decimal(ps, 2)) {
            throw new IllegalArgumentException(bad);
        }
        int addr = 0;
        for (String p : parts) {
            if (!decimal(p, 3) || Integer.parseInt(p) > 255) {
                throw new IllegalArgumentException(bad);
            }
            addr = (addr << 8) | Integer.parseInt(p);
        }
        int prefix = Integer.parseInt(ps);
        if (prefix < 1 || prefix > 32) {
            throw new IllegalArgumentException(what + " prefix must be 1-32, got '" + text + "'");
        }
        return new Ipv4Cidr(addr, prefix);
    }

    private static boolean decimal(String s, int maxDigits) {
        return !s.isEmpty() && s.length() <= maxDigits && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    public static Ipv4Cidr of(byte[] address, int prefix) {
        int a = ((address[0] & 0xff) << 24) | ((address[1] & 0xff) << 16) | ((address[2] & 0xff) << 8) | (address[3] & 0xff);
        return new Ipv4Cidr(a, prefix);
    }

    /** The netmask as an int (prefix 0: 0). */
    public int mask() {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    /** True when bits outside the prefix are set (an interface address rather than a subnet). */
    public boolean hasHostBits() {
        return (address & ~mask()) != 0;
    }

    /** The same prefix with the host bits cleared. */
    public Ipv4Cidr network() {
        return new Ipv4Cidr(address & mask(), prefix);
    }

    public byte[] addressBytes() {
        return new byte[]{(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }

    public Inet4Address inet() {
        try {
            return (Inet4Address) InetAddress.getByAddress(addressBytes());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);           // four bytes are always an address
        }
    }

    @Override
    public String toString() {
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff) + "/" + prefix;
    }
}
