package atenet.tapclient;

import atenet.wire.frame.KeyMac;
import atenet.wire.net.Ipv4Cidr;

/**
 * The TAP interface's IPv4 address and MAC address when no DHCP runs.
 *
 * <p><b>Address</b>: {@code --address A.B.C.D/P} if given, else derived from the access key id so that a client gets the
 * same address on every start. Inside the token's subnet of {@code N = 2^(32-P)} addresses, with
 * {@code hosts = N - 2} usable host addresses:
 * <pre>
 *   offset = 2 + (keyId mod (hosts - 2))        keyId read as an unsigned 64-bit number
 *   offset 0 = network, 1 = gateway (first host), N-1 = broadcast: never chosen
 * </pre>
 * Two keys can land on the same address (birthday problem: in a /24, about 50 % with 19 clients); there is no
 * conflict detection without DHCP. Needs a subnet of at least 8 addresses (/29).
 *
 * <p><b>MAC</b>: locally administered unicast, {@code 02:h0:h1:h2:h3:h4} where h = SHA-256(access public key).
 */
public final class AddressPlan {
    private AddressPlan() {
    }

    /**
     * The address derived from {@code keyId} inside {@code subnet} (its host bits are ignored).
     *
     * @throws IllegalArgumentException when the subnet is smaller than a /29
     */
    public static Ipv4Cidr derive(Ipv4Cidr subnet, long keyId) {
        if (subnet.prefix() > 29) {
            throw new IllegalArgumentException("the network's subnet /" + subnet.prefix()
                    + " is too small to derive an address (needs /29 or larger): pass --address");
        }
        long size = 1L << (32 - subnet.prefix());
        long hosts = size - 2;
        int network = (int) (subnet.address() & ~(size - 1));
        long offset = 2 + Long.remainderUnsigned(keyId, hosts - 2);
        return new Ipv4Cidr((int) (network + offset), subnet.prefix());
    }

    /** 02:xx:xx:xx:xx:xx from SHA-256(access public key): {@link KeyMac}, the MAC the node binds to the key. */
    public static byte[] mac(byte[] accessPublicKey) {
        return KeyMac.bytes(accessPublicKey);
    }

    public static String macText(byte[] mac) {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < mac.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(String.format("%02x", mac[i] & 0xff));
        }
        return sb.toString();
    }
}
