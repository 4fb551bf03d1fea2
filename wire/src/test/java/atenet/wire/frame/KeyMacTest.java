package atenet.wire.frame;

import atenet.wire.crypto.KeyId;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Layer: unit. The key-bound MAC is 02 + the first five bytes of SHA-256(public key). */
class KeyMacTest {
    @Test
    void isLocallyAdministeredUnicastFromTheKeyHash() {
        byte[] pub = new byte[32];
        pub[0] = 7;
        byte[] h = KeyId.sha256(pub);
        byte[] mac = KeyMac.bytes(pub);
        assertArrayEquals(new byte[]{0x02, h[0], h[1], h[2], h[3], h[4]}, mac);
        assertEquals(MacAddress.read(mac, 0), KeyMac.of(pub));
        assertFalse(MacAddress.isMulticast(KeyMac.of(pub)));
    }
}
