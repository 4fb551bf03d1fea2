package atenet.wire.frame;

import atenet.wire.crypto.KeyId;

/**
 * The MAC address bound to an access key, shared by the client (its TAP device's address) and the
 * node (the only source MAC a client port accepts, {@code Port.boundMac()}):
 * <pre>
 *   02:h0:h1:h2:h3:h4        h = SHA-256(access public key, 32 B X25519)
 *   02 = locally administered (bit 1), unicast (bit 0 clear)
 * </pre>
 */
public final class KeyMac {
    private KeyMac() {
    }

    /** The MAC of {@code accessPublicKey} in the low 48 bits (as {@link MacAddress} holds it). */
    public static long of(byte[] accessPublicKey) {
        byte[] h = KeyId.sha256(accessPublicKey);
        long mac = 0x02;
        for (int i = 0; i < 5; i++) {
            mac = (mac << 8) | (h[i] & 0xff);
        }
        return mac;
    }

    /** The same MAC as six bytes. */
    public static byte[] bytes(byte[] accessPublicKey) {
        byte[] b = new byte[6];
        MacAddress.write(b, 0, of(accessPublicKey));
        return b;
    }
}
