package atenet.redolog.ops;

import atenet.redolog.entry.NetworkCreated;
import atenet.wire.net.Ipv4Cidr;

import java.net.Inet4Address;

/** An IPv4 subnet in CIDR notation, e.g. {@code 10.250.0.0/24}: prefix 8..30, host bits zero. */
public record Cidr(Inet4Address address, int prefix) {
    public Cidr {
        NetworkCreated.checkSubnet(address, prefix);
    }

    /** @throws IllegalArgumentException with a one-line message for anything but a.b.c.d/n with host bits zero */
    public static Cidr parse(String text) {
        Ipv4Cidr c = Ipv4Cidr.parse("subnet", text);
        return new Cidr(c.inet(), c.prefix());              // NetworkCreated.checkSubnet: prefix range, host bits
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefix;
    }
}
