package atenet.redolog.ops;

import atenet.redolog.entry.NetworkCreated;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IPv4 subnet in CIDR notation, e.g. {@code 10.250.0.0/24}: prefix 8..30, host bits zero. */
public record Cidr(Inet4Address address, int prefix) {
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    public Cidr {
        NetworkCreated.checkSubnet(address, prefix);
    }

    /** @throws IllegalArgumentException with a one-line message for anything but a.b.c.d/n with host bits zero */
    public static Cidr parse(String text) {
        Matcher m = text == null ? null : CIDR.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("bad subnet '" + text + "': expected IPv4 CIDR like 10.250.0.0/24");
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            int v = Integer.parseInt(m.group(i + 1));
            if (v > 255) {
                throw new IllegalArgumentException("bad subnet '" + text + "': octet " + v + " > 255");
            }
            b[i] = (byte) v;
        }
        try {
            return new Cidr((Inet4Address) InetAddress.getByAddress(b), Integer.parseInt(m.group(5)));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefix;
    }
}
