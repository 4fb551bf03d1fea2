package atenet.wire.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class SessionKeysTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final byte[] CLIENT_PRIV = X25519Keys.generatePrivate(RANDOM);
    private static final byte[] NODE_PRIV = X25519Keys.generatePrivate(RANDOM);
    private static final byte[] NET = HEX.parseHex("00112233445566778899aabbccddeeff");

    @Test
    void bothSidesDeriveIdenticalKeys() {
        byte[] clientPub = X25519Keys.publicOf(CLIENT_PRIV);
        byte[] nodePub = X25519Keys.publicOf(NODE_PRIV);
        byte[] clientShared = X25519Keys.agree(CLIENT_PRIV, nodePub);
        byte[] nodeShared = X25519Keys.agree(NODE_PRIV, clientPub);
        assertArrayEquals(clientShared, nodeShared);

        long cs = 0x1122334455667788L, ns = -0x0102030405060708L;
        assertArrayEquals(SessionKeys.helloKey(clientShared, NET, cs).getEncoded(),
                SessionKeys.helloKey(nodeShared, NET, cs).getEncoded());
        SessionKeys c = SessionKeys.derive(clientShared, NET, cs, ns);
        SessionKeys n = SessionKeys.derive(nodeShared, NET, cs, ns);
        assertArrayEquals(c.clientToNode.getEncoded(), n.clientToNode.getEncoded());
        assertArrayEquals(c.nodeToClient.getEncoded(), n.nodeToClient.getEncoded());
        assertEquals(32, c.clientToNode.getEncoded().length);
        assertEquals(32, c.nodeToClient.getEncoded().length);
        assertEquals("AES", c.clientToNode.getAlgorithm());
        assertEquals("AES", SessionKeys.helloKey(clientShared, NET, cs).getAlgorithm());
    }

    @Test
    void allThreeKeysDiffer() {
        byte[] shared = X25519Keys.agree(CLIENT_PRIV, X25519Keys.publicOf(NODE_PRIV));
        SessionKeys k = SessionKeys.derive(shared, NET, 1, 2);
        byte[] hello = SessionKeys.helloKey(shared, NET, 1).getEncoded();
        assertFalse(Arrays.equals(k.clientToNode.getEncoded(), k.nodeToClient.getEncoded()));
        assertFalse(Arrays.equals(hello, k.clientToNode.getEncoded()));
        assertFalse(Arrays.equals(hello, k.nodeToClient.getEncoded()));
    }

    @Test
    void differentSessionIdsOrNetworksGiveDifferentKeys() {
        byte[] shared = X25519Keys.agree(CLIENT_PRIV, X25519Keys.publicOf(NODE_PRIV));
        Set<String> keys = new HashSet<>();
        long[] ids = {0, 1, 2, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 32};
        byte[] net2 = NET.clone();
        net2[15] ^= 1;
        for (byte[] net : new byte[][]{NET, net2}) {
            for (long cs : ids) {
                assertTrue(keys.add(HEX.formatHex(SessionKeys.helloKey(shared, net, cs).getEncoded())));
                for (long ns : ids) {
                    SessionKeys k = SessionKeys.derive(shared, net, cs, ns);
                    assertTrue(keys.add(HEX.formatHex(k.clientToNode.getEncoded())), "c2n collision " + cs + "/" + ns);
                    assertTrue(keys.add(HEX.formatHex(k.nodeToClient.getEncoded())), "n2c collision " + cs + "/" + ns);
                }
            }
        }
        // swapping client and node session ids gives different keys too
        SessionKeys a = SessionKeys.derive(shared, NET, 5, 6);
        SessionKeys b = SessionKeys.derive(shared, NET, 6, 5);
        assertFalse(Arrays.equals(a.clientToNode.getEncoded(), b.clientToNode.getEncoded()));
    }

    @Test
    void differentSharedSecretsGiveDifferentKeys() {
        byte[] s1 = X25519Keys.agree(CLIENT_PRIV, X25519Keys.publicOf(NODE_PRIV));
        byte[] s2 = s1.clone();
        s2[0] ^= 1;
        assertFalse(Arrays.equals(SessionKeys.derive(s1, NET, 1, 2).clientToNode.getEncoded(),
                SessionKeys.derive(s2, NET, 1, 2).clientToNode.getEncoded()));
    }

    @Test
    void keysFollowTheDocumentedSchedule() throws Exception {
        byte[] shared = new byte[32];
        new java.util.SplittableRandom(3).nextBytes(shared);
        long cs = 0xa1a2a3a4a5a6a7a8L, ns = 0x0b0c0d0e0f101112L;
        byte[] helloInfo = concat("atenet/1 hello".getBytes(StandardCharsets.US_ASCII), be(cs));
        byte[] c2nInfo = concat("atenet/1 c2n".getBytes(StandardCharsets.US_ASCII), be(cs), be(ns));
        byte[] n2cInfo = concat("atenet/1 n2c".getBytes(StandardCharsets.US_ASCII), be(cs), be(ns));
        assertArrayEquals(jdkHkdf(shared, NET, helloInfo, 32), SessionKeys.helloKey(shared, NET, cs).getEncoded());
        SessionKeys k = SessionKeys.derive(shared, NET, cs, ns);
        assertArrayEquals(jdkHkdf(shared, NET, c2nInfo, 32), k.clientToNode.getEncoded());
        assertArrayEquals(jdkHkdf(shared, NET, n2cInfo, 32), k.nodeToClient.getEncoded());
    }

    /** RFC 5869 appendix A.1 (test case 1), first 32 bytes of OKM. */
    @Test
    void hkdfKnownAnswerRfc5869Case1() throws Exception {
        byte[] ikm = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] salt = HEX.parseHex("000102030405060708090a0b0c");
        byte[] info = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9");
        String okm42 = "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865";

        byte[] got = SessionKeys.hkdf(ikm, salt, info);
        assertEquals(okm42.substring(0, 64), HEX.formatHex(got));

        // independently: BouncyCastle's HKDF with the full 42-byte output
        HKDFBytesGenerator gen = new HKDFBytesGenerator(new SHA256Digest());
        gen.init(new HKDFParameters(ikm, salt, info));
        byte[] bc = new byte[42];
        gen.generateBytes(bc, 0, 42);
        assertEquals(okm42, HEX.formatHex(bc));

        // and with the JDK's HMAC
        assertEquals(okm42, HEX.formatHex(jdkHkdf(ikm, salt, info, 42)));
    }

    /** RFC 5869 A.3 (test case 3): empty salt and info. */
    @Test
    void hkdfKnownAnswerRfc5869Case3() {
        byte[] ikm = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        assertEquals("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d",
                HEX.formatHex(SessionKeys.hkdf(ikm, new byte[0], new byte[0])));
    }

    @Test
    void hkdfMatchesBouncyCastleOnRandomInputs() throws Exception {
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        for (int i = 0; i < 200; i++) {
            byte[] ikm = new byte[r.nextInt(1, 80)];
            byte[] salt = new byte[r.nextInt(0, 80)];
            byte[] info = new byte[r.nextInt(0, 80)];
            r.nextBytes(ikm);
            r.nextBytes(salt);
            r.nextBytes(info);
            HKDFBytesGenerator gen = new HKDFBytesGenerator(new SHA256Digest());
            gen.init(new HKDFParameters(ikm, salt, info));
            byte[] bc = new byte[32];
            gen.generateBytes(bc, 0, 32);
            byte[] got = SessionKeys.hkdf(ikm, salt, info);
            assertArrayEquals(bc, got);
            if (salt.length > 0) {
                assertArrayEquals(jdkHkdf(ikm, salt, info, 32), got);
            }
        }
    }

    // RFC 5869 with javax.crypto.Mac, written from the RFC (independent of BouncyCastle)
    private static byte[] jdkHkdf(byte[] ikm, byte[] salt, byte[] info, int len) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        ByteArrayOutputStream okm = new ByteArrayOutputStream();
        byte[] t = new byte[0];
        for (int i = 1; okm.size() < len; i++) {
            mac.update(t);
            mac.update(info);
            mac.update((byte) i);
            t = mac.doFinal();
            okm.writeBytes(t);
        }
        return Arrays.copyOf(okm.toByteArray(), len);
    }

    private static byte[] be(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
