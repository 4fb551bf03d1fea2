package atenet.redolog.entry;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * NETWORK_CREATED: a new network (one L2 broadcast domain). Operator only.
 * <pre>
 * network id (16 B, random) | name (u16 length + UTF-8, 1..32 chars [a-z0-9-])
 * | subnet address (4 B, IPv4, host bits zero) | prefix (u8, 8..30) | MTU (u16, 576..9000)
 * </pre>
 * The gateway is the first host of the subnet (derived, not stored).
 */
public record NetworkCreated(byte[] networkId, String name, Inet4Address subnet, int prefix, int mtu) implements EntryBody {
    public static final int DEFAULT_MTU = 1400;
    public static final int MIN_MTU = 576;
    public static final int MAX_MTU = 9000;
    public static final int MIN_PREFIX = 8;
    public static final int MAX_PREFIX = 30;
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,32}");

    public NetworkCreated {
        Checks.networkId(networkId);
        checkName(name);
        checkSubnet(subnet, prefix);
        if (mtu < MIN_MTU || mtu > MAX_MTU) {
            throw new IllegalArgumentException("MTU " + mtu + " out of range " + MIN_MTU + ".." + MAX_MTU);
        }
    }

    /** @throws IllegalArgumentException unless 1-32 chars of [a-z0-9-] */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad network name '" + name + "': use 1-32 characters a-z, 0-9 and '-'");
        }
    }

    /** @throws IllegalArgumentException unless prefix is 8..30 and the address has no host bits set */
    public static void checkSubnet(Inet4Address subnet, int prefix) {
        if (subnet == null) {
            throw new IllegalArgumentException("no subnet address");
        }
        if (prefix < MIN_PREFIX || prefix > MAX_PREFIX) {
            throw new IllegalArgumentException("subnet prefix /" + prefix + " out of range /" + MIN_PREFIX + "../" + MAX_PREFIX);
        }
        int a = toInt(subnet);
        int mask = (int) (0xffffffffL << (32 - prefix));
        if ((a & ~mask) != 0) {
            throw new IllegalArgumentException(subnet.getHostAddress() + "/" + prefix + " has host bits set; did you mean "
                    + fromInt(a & mask).getHostAddress() + "/" + prefix + "?");
        }
    }

    public static int toInt(Inet4Address a) {
        byte[] b = a.getAddress();
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    public static Inet4Address fromInt(int v) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[]{(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** First host of the subnet. */
    public Inet4Address gateway() {
        return fromInt(toInt(subnet) + 1);
    }

    @Override
    public EntryType type() {
        return EntryType.NETWORK_CREATED;
    }

    @Override
    public void encode(BodyWriter out) {
        out.bytes(networkId).string(name).bytes(subnet.getAddress()).u8(prefix).u16(mtu);
    }

    public static NetworkCreated decode(BodyReader in) {
        byte[] id = in.bytes(NetworkId.LENGTH, "network id");
        String name = in.string("name", 32);
        byte[] addr = in.bytes(4, "subnet address");
        int prefix = in.u8("prefix");
        int mtu = in.u16("mtu");
        return Checks.build(in, () -> new NetworkCreated(id, name, fromBytes(addr), prefix, mtu));
    }

    private static Inet4Address fromBytes(byte[] addr) {
        try {
            return (Inet4Address) InetAddress.getByAddress(addr);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String summary() {
        return "network '" + name + "' " + NetworkId.of(networkId).hex() + " " + subnet.getHostAddress() + "/" + prefix + " mtu " + mtu;
    }
}
