package atenet.tapclient;

import atenet.wire.crypto.KeyId;

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

    /** An IPv4 address with prefix length. */
    public record Cidr(int address, int prefix) {
        public static Cidr parse(String text) {
            String bad = "--address expects IPv4 CIDR A.B.C.D/P (for example 10.1.0.7/24), got '" + text + "'";
            if (text == null) {
                throw new IllegalArgumentException(bad);
            }
            int slash = text.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException(bad);
            }
            String[] parts = text.substring(0, slash).split("\\.", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException(bad);
            }
            int addr = 0;
            int prefix;
            try {
                for (String p : parts) {
                    if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                        throw new IllegalArgumentException(bad);
                    }
                    int v = Integer.parseInt(p);
                    if (v > 255) {
                        throw new IllegalArgumentException(bad);
                    }
                    addr = (addr << 8) | v;
                }
                String ps = text.substring(slash + 1);
                if (ps.isEmpty() || ps.length() > 2 || !ps.chars().allMatch(Character::isDigit)) {
                    throw new IllegalArgumentException(bad);
                }
                prefix = Integer.parseInt(ps);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(bad);
            }
            if (prefix < 1 || prefix > 32) {
                throw new IllegalArgumentException("--address prefix must be 1-32, got '" + text + "'");
            }
            return new Cidr(addr, prefix);
        }

        public static Cidr of(byte[] address, int prefix) {
            int a = ((address[0] & 0xff) << 24) | ((address[1] & 0xff) << 16) | ((address[2] & 0xff) << 8) | (address[3] & 0xff);
            return new Cidr(a, prefix);
        }

        @Override
        public String toString() {
            return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                    + (address & 0xff) + "/" + prefix;
        }
    }

    /**
     * The address derived from {@code keyId} inside {@code subnet} (its host bits are ignored).
     *
     * @throws IllegalArgumentException when the subnet is smaller than a /29
     */
    public static Cidr derive(Cidr subnet, long keyId) {
        if (subnet.prefix() > 29) {
            throw new IllegalArgumentException("the network's subnet /" + subnet.prefix()
                    + " is too small to derive an address (needs /29 or larger): pass --address");
        }
        long size = 1L << (32 - subnet.prefix());
        long hosts = size - 2;
        int network = (int) (subnet.address() & ~(size - 1));
        long offset = 2 + Long.remainderUnsigned(keyId, hosts - 2);
        return new Cidr((int) (network + offset), subnet.prefix());
    }

    /** 02:xx:xx:xx:xx:xx from SHA-256(access public key). */
    public static byte[] mac(byte[] accessPublicKey) {
        byte[] h = KeyId.sha256(accessPublicKey);
        return new byte[]{0x02, h[0], h[1], h[2], h[3], h[4]};
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
