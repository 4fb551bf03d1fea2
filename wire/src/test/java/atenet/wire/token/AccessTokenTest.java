package atenet.wire.token;

import atenet.wire.crypto.KeyId;
import atenet.wire.crypto.X25519Keys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class AccessTokenTest {
    private static final String B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static byte[] bytes(long seed, int n) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static InetSocketAddress ep(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static AccessToken.NodeContact node(long seed, String ip, int port) {
        return new AccessToken.NodeContact(X25519Keys.publicOf(bytes(seed, 32)), ep(ip, port));
    }

    private static AccessToken token(String name, long expiry, List<AccessToken.NodeContact> nodes) {
        return new AccessToken(bytes(1, 32), bytes(2, 16), name, new byte[]{10, 42, 0, 0}, 16, bytes(3, 32), expiry, nodes);
    }

    private static AccessToken sample() {
        return token("office", 1_900_000_000_000L, List.of(node(10, "192.0.2.1", 51820), node(11, "2001:db8::7", 443),
                node(12, "198.51.100.255", 65535)));
    }

    private static void assertSameToken(AccessToken a, AccessToken b) {
        assertArrayEquals(a.chainId(), b.chainId());
        assertArrayEquals(a.networkId(), b.networkId());
        assertEquals(a.networkName(), b.networkName());
        assertArrayEquals(a.subnetAddress(), b.subnetAddress());
        assertEquals(a.subnetPrefix(), b.subnetPrefix());
        assertArrayEquals(a.privateKey(), b.privateKey());
        assertEquals(a.expiresAtMillis(), b.expiresAtMillis());
        assertEquals(a.nodes().size(), b.nodes().size());
        for (int i = 0; i < a.nodes().size(); i++) {
            assertArrayEquals(a.nodes().get(i).publicKey(), b.nodes().get(i).publicKey());
            assertEquals(a.nodes().get(i).endpoint(), b.nodes().get(i).endpoint());
        }
    }

    private static AccessToken roundTrip(AccessToken t) {
        String s = t.encode();
        assertTrue(s.startsWith(AccessToken.PREFIX));
        assertTrue(s.substring(AccessToken.PREFIX.length()).chars().allMatch(c -> B64URL.indexOf(c) >= 0), s);
        AccessToken d = AccessToken.decode(s);
        assertSameToken(t, d);
        assertEquals(s, d.encode(), "re-encoding gives the same text");
        return d;
    }

    /** The raw bytes (body + checksum) of a token text. */
    private static byte[] raw(String token) {
        return Base64.getUrlDecoder().decode(token.substring(AccessToken.PREFIX.length()));
    }

    /** Body (no checksum) of a valid token. */
    private static byte[] body(String token) {
        byte[] r = raw(token);
        return Arrays.copyOf(r, r.length - 4);
    }

    /** Builds token text from a body, with a valid checksum. */
    private static String withChecksum(byte[] body) {
        byte[] r = Arrays.copyOf(body, body.length + 4);
        System.arraycopy(KeyId.sha256(body), 0, r, body.length, 4);
        return AccessToken.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(r);
    }

    private static TokenFormatException refused(String text) {
        Executable ex = () -> AccessToken.decode(text);
        Throwable t = assertThrows(Throwable.class, ex);
        if (!(t instanceof TokenFormatException tfe)) {
            throw new AssertionError("expected TokenFormatException for '" + text + "' but got " + t, t);
        }
        assertNotNull(tfe.getMessage());
        assertFalse(tfe.getMessage().isBlank());
        return tfe;
    }

    private static void refused(String text, String messagePart) {
        TokenFormatException e = refused(text);
        assertTrue(e.getMessage().contains(messagePart), "message '" + e.getMessage() + "' should contain '" + messagePart + "'");
    }

    // ---------------------------------------------------------------- round trips

    @Test
    void roundTripWithoutNodes() {
        roundTrip(token("n", 0, List.of()));
    }

    @Test
    void roundTripWithOneIpv4Node() {
        AccessToken d = roundTrip(token("home", 0, List.of(node(5, "203.0.113.9", 4000))));
        assertTrue(AccessToken.isIpv4(d.nodes().get(0).endpoint()));
        assertFalse(AccessToken.isIpv6(d.nodes().get(0).endpoint()));
    }

    @Test
    void roundTripWithOneIpv6Node() {
        AccessToken d = roundTrip(token("home", 0, List.of(node(5, "2001:db8:0:0:0:0:0:ff01", 1))));
        assertTrue(AccessToken.isIpv6(d.nodes().get(0).endpoint()));
        assertFalse(AccessToken.isIpv4(d.nodes().get(0).endpoint()));
    }

    @Test
    void roundTripWithThreeMixedNodes() {
        AccessToken d = roundTrip(sample());
        assertEquals(3, d.nodes().size());
        assertEquals(65535, d.nodes().get(2).endpoint().getPort());
        assertEquals(443, d.nodes().get(1).endpoint().getPort());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 1_900_000_000_000L, Long.MAX_VALUE, -1, Long.MIN_VALUE})
    void roundTripExpiry(long expiry) {
        assertEquals(expiry, roundTrip(token("x", expiry, List.of(node(1, "10.0.0.1", 9)))).expiresAtMillis());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Réseau 東京 🚀", "ünïcödé", "a b\tc", "\u0000"})
    void roundTripNetworkName(String name) {
        assertEquals(name, roundTrip(token(name, 0, List.of())).networkName());
    }

    @Test
    void roundTripLongestName() {
        String name = "é".repeat(127) + "x"; // 255 UTF-8 bytes
        assertEquals(255, name.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(name, roundTrip(token(name, 0, List.of())).networkName());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 24, 32})
    void roundTripPrefix(int prefix) {
        AccessToken t = new AccessToken(bytes(1, 32), bytes(2, 16), "p", new byte[]{(byte) 192, (byte) 168, 1, 0}, prefix,
                bytes(3, 32), 0, List.of());
        assertEquals(prefix, roundTrip(t).subnetPrefix());
    }

    @Test
    void roundTripPort0And255Nodes() {
        List<AccessToken.NodeContact> nodes = new ArrayList<>();
        for (int i = 0; i < 255; i++) {
            nodes.add(node(i, i % 2 == 0 ? "10.0.0." + i : "fd00::" + Integer.toHexString(i), i * 257));
        }
        assertEquals(255, roundTrip(token("many", 0, nodes)).nodes().size());
    }

    @Test
    void publicKeyAndKeyIdDeriveFromThePrivateKey() {
        AccessToken t = sample();
        assertArrayEquals(X25519Keys.publicOf(t.privateKey()), t.publicKey());
        assertEquals(KeyId.of(X25519Keys.publicOf(t.privateKey())), t.keyId());
        assertEquals(t.keyId(), AccessToken.decode(t.encode()).keyId());
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        String s = sample().encode();
        assertSameToken(sample(), AccessToken.decode("  " + s + "\n"));
        assertSameToken(sample(), AccessToken.decode("\t" + s + "\r\n"));
    }

    @Test
    void bodyLayoutIsAsDocumented() {
        AccessToken t = token("ab", 0x0102030405060708L, List.of(node(4, "1.2.3.4", 0x1234)));
        byte[] b = body(t.encode());
        assertEquals(1, b[0]);
        assertArrayEquals(t.chainId(), Arrays.copyOfRange(b, 1, 33));
        assertArrayEquals(t.networkId(), Arrays.copyOfRange(b, 33, 49));
        assertEquals(2, b[49]);
        assertEquals('a', b[50]);
        assertArrayEquals(new byte[]{10, 42, 0, 0}, Arrays.copyOfRange(b, 52, 56));
        assertEquals(16, b[56]);
        assertArrayEquals(t.privateKey(), Arrays.copyOfRange(b, 57, 89));
        assertArrayEquals(new byte[]{1, 2, 3, 4, 5, 6, 7, 8}, Arrays.copyOfRange(b, 89, 97));
        assertEquals(1, b[97]);
        assertArrayEquals(t.nodes().get(0).publicKey(), Arrays.copyOfRange(b, 98, 130));
        assertEquals(4, b[130]);
        assertArrayEquals(new byte[]{1, 2, 3, 4}, Arrays.copyOfRange(b, 131, 135));
        assertArrayEquals(new byte[]{0x12, 0x34}, Arrays.copyOfRange(b, 135, 137));
        assertEquals(137, b.length);
        assertArrayEquals(Arrays.copyOf(KeyId.sha256(b), 4), Arrays.copyOfRange(raw(t.encode()), 137, 141));
    }

    // ---------------------------------------------------------------- decode errors

    @Test
    void nullIsRefused() {
        refused(null, "no token given");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "atn", "atn1", "ATN1_AAAA", "atn2_AAAA", "atn1-AAAA", "xatn1_AAAA", "token"})
    void missingPrefixIsRefused(String s) {
        refused(s, "should start with 'atn1_'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"atn1_A", "atn1_!!!!", "atn1_ab+/cdef", "atn1_ab/cd", "atn1_ab cd", "atn1_AAAA=AAA", "atn1_é", "atn1_AAAAA"})
    void badBase64IsRefused(String s) {
        refused(s, "not valid base64url");
    }

    @ParameterizedTest
    @ValueSource(strings = {"atn1_", "atn1_AA", "atn1_AAA", "atn1_AAAA", "atn1_AAAAAA"})
    void tooShortIsRefused(String s) {
        refused(s, "too short");
    }

    @Test
    void checksumMismatchIsRefused() {
        byte[] r = raw(sample().encode());
        r[10] ^= 1;
        refused(AccessToken.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(r), "checksum mismatch");
        r = raw(sample().encode());
        r[r.length - 1] ^= (byte) 0x80;
        refused(AccessToken.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(r), "checksum mismatch");
    }

    /**
     * Every single-character change is refused, except one kind of change that cannot be refused by a
     * checksum: a different last base64 character that only changes the unused low bits. Such a text
     * decodes to the very same bytes; this test allows it but requires the same token then.
     */
    @Test
    void everySingleCharacterChangeIsRefusedOrDecodesToTheSameBytes() {
        String s = sample().encode();
        byte[] original = raw(s);
        String alphabet = B64URL + "=+/. é\u0000";
        int refusedCount = 0;
        int sameBytes = 0;
        for (int i = 0; i < s.length(); i++) {
            for (int j = 0; j < alphabet.length(); j++) {
                char c = alphabet.charAt(j);
                if (c == s.charAt(i)) {
                    continue;
                }
                String changed = s.substring(0, i) + c + s.substring(i + 1);
                try {
                    AccessToken.decode(changed);
                } catch (TokenFormatException e) {
                    refusedCount++;
                    continue;
                } catch (RuntimeException e) {
                    throw new AssertionError("non-TokenFormatException for change at " + i + " to '" + c + "'", e);
                }
                // accepted: it must decode to exactly the original bytes (non-canonical last character)
                assertEquals(s.length() - 1, i, "accepted a change at position " + i + " to '" + c + "'");
                assertArrayEquals(original, raw(changed.strip()));
                sameBytes++;
            }
        }
        assertTrue(refusedCount > 1000);
        assertTrue(sameBytes <= 15, "at most the unused-bit variants of the last character: " + sameBytes);
    }

    @Test
    void everySingleCharacterChangeIsRefused() {
        String s = sample().encode();
        for (int i = 0; i < s.length(); i++) {
            for (char c : B64URL.toCharArray()) {
                if (c != s.charAt(i)) {
                    refused(s.substring(0, i) + c + s.substring(i + 1));
                }
            }
        }
        int rem = (s.length() - AccessToken.PREFIX.length()) % 4;
        refused(s + "=".repeat((4 - rem) % 4 == 0 ? 4 : (4 - rem) % 4));
    }

    @Test
    void truncationAtEveryLengthIsRefused() {
        for (AccessToken t : List.of(sample(), token("", 0, List.of()))) {
            String s = t.encode();
            for (int len = 0; len < s.length(); len++) {
                refused(s.substring(0, len));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "AA", "AAA", "AAAA", "AAAAAAAA", "x", "_-_-", "\u0000", "!", ".", "atn1_"})
    void trailingGarbageIsRefused(String garbage) {
        refused(sample().encode() + garbage);
        refused(token("", 0, List.of()).encode() + garbage);
    }

    @Test
    void trailingBytesWithValidChecksumAreRefused() {
        byte[] b = body(sample().encode());
        refused(withChecksum(Arrays.copyOf(b, b.length + 1)), "1 unexpected trailing bytes");
        refused(withChecksum(Arrays.copyOf(b, b.length + 7)), "7 unexpected trailing bytes");
    }

    @Test
    void truncatedBodyWithValidChecksumIsRefused() {
        byte[] b = body(sample().encode());
        for (int len = 1; len < b.length; len++) {
            refused(withChecksum(Arrays.copyOf(b, len)), "truncated");
        }
    }

    @Test
    void emptyBodyWithValidChecksumIsRefused() {
        refused(withChecksum(new byte[0]), "too short");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 3, 127, 255})
    void wrongVersionIsRefused(int version) {
        byte[] b = body(sample().encode());
        b[0] = (byte) version;
        refused(withChecksum(b), "unsupported token version " + version);
    }

    @ParameterizedTest
    @ValueSource(ints = {33, 64, 128, 255})
    void prefixAbove32IsRefused(int prefix) {
        byte[] b = body(token("ab", 0, List.of()).encode());
        assertEquals(16, b[56]);
        b[56] = (byte) prefix;
        refused(withChecksum(b), "subnet prefix /" + prefix);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 7, 46, 255})
    void familyOtherThan4Or6IsRefused(int family) {
        byte[] b = body(token("ab", 0, List.of(node(4, "1.2.3.4", 99))).encode());
        assertEquals(4, b[130]);
        b[130] = (byte) family;
        refused(withChecksum(b), "address family " + family);
    }

    @Test
    void familyMismatchingAddressLengthIsRefused() {
        // family says 6 but only an IPv4 address follows: the buffer runs out
        byte[] b = body(token("ab", 0, List.of(node(4, "1.2.3.4", 99))).encode());
        b[130] = 6;
        refused(withChecksum(b), "truncated");
        // family says 4 but an IPv6 address follows: trailing bytes
        b = body(token("ab", 0, List.of(node(4, "::1", 99))).encode());
        assertEquals(6, b[130]);
        b[130] = 4;
        refused(withChecksum(b), "12 unexpected trailing bytes");
    }

    @Test
    void nodeCountLargerThanNodesIsRefused() {
        byte[] b = body(token("ab", 0, List.of(node(4, "1.2.3.4", 99))).encode());
        b[97] = 2;
        refused(withChecksum(b), "truncated");
        b[97] = 0;
        refused(withChecksum(b), "unexpected trailing bytes");
    }

    @Test
    void nameLengthBeyondTheBodyIsRefused() {
        byte[] b = body(token("ab", 0, List.of()).encode());
        b[49] = (byte) 255;
        refused(withChecksum(b), "truncated");
    }

    /** Structured fuzzing: random corruptions re-checksummed, so they reach the parser. Never anything but TokenFormatException. */
    @Test
    void fuzzedBodiesWithValidChecksumOnlyThrowTokenFormatException() {
        SplittableRandom r = new SplittableRandom(2024);
        byte[] base = body(sample().encode());
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b;
            switch (r.nextInt(4)) {
                case 0 -> {
                    b = base.clone();
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
                case 1 -> b = Arrays.copyOf(base, r.nextInt(base.length + 40));
                case 2 -> {
                    b = base.clone();
                    for (int k = 0; k < 4; k++) {
                        b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                    }
                }
                default -> {
                    b = new byte[r.nextInt(300)];
                    r.nextBytes(b);
                    if (b.length > 0) {
                        b[0] = 1;
                    }
                }
            }
            String text = withChecksum(b);
            try {
                AccessToken t = AccessToken.decode(text);
                accepted++;
                // a corrupted name may not be valid UTF-8 and is then decoded with replacement characters;
                // apart from that, an accepted body re-encodes to the same text
                String again = t.encode();
                if (Arrays.equals(t.networkName().getBytes(StandardCharsets.UTF_8), nameBytes(b))) {
                    assertEquals(text, again, "an accepted body re-encodes to the same text");
                }
                assertSameToken(t, AccessToken.decode(again));
            } catch (TokenFormatException e) {
                assertFalse(e.getMessage().isBlank());
            } catch (RuntimeException e) {
                throw new AssertionError("non-TokenFormatException for body " + Arrays.toString(b), e);
            }
        }
        assertTrue(accepted > 0);
    }

    private static byte[] nameBytes(byte[] body) {
        int n = body[49] & 0xff;
        return Arrays.copyOfRange(body, 50, 50 + n);
    }

    @Test
    void randomTextsOnlyThrowTokenFormatException() {
        SplittableRandom r = new SplittableRandom(77);
        String chars = B64URL + "=+/ .\n\u00e9\u0000";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder(r.nextBoolean() ? AccessToken.PREFIX : "");
            int n = r.nextInt(300);
            for (int k = 0; k < n; k++) {
                sb.append(chars.charAt(r.nextInt(chars.length())));
            }
            refused(sb.toString());
        }
    }

    /** Found by AccessTokenFuzzTest: invalid UTF-8 in the name decodes to U+FFFD (3 bytes each), over 255 bytes. */
    @Test
    void aNameOfInvalidUtf8IsATokenFormatError() {
        byte[] b = body(token("n".repeat(200), 0, List.of()).encode());
        Arrays.fill(b, 1 + 32 + 16 + 1, 1 + 32 + 16 + 1 + 200, (byte) 0xff);   // version, chain, network, name length
        refused(withChecksum(b), "corrupted");
    }

    // ---------------------------------------------------------------- encode of out-of-range values

    @Test
    void aNameLongerThan255BytesIsRefusedAtConstruction() {
        assertThrows(IllegalArgumentException.class, () -> token("n".repeat(256), 0, List.of()));
    }

    @Test
    void moreThan255NodesAreRefusedAtConstruction() {
        List<AccessToken.NodeContact> nodes = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            nodes.add(node(i, "10.0.0.1", i + 1));
        }
        assertThrows(IllegalArgumentException.class, () -> token("many", 0, nodes));
    }

    @Test
    void wrongFieldLengthsAreRefusedAtConstruction() {
        assertThrows(IllegalArgumentException.class,
                () -> new AccessToken(new byte[31], bytes(2, 16), "x", new byte[4], 16, bytes(3, 32), 0, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new AccessToken(bytes(1, 32), bytes(2, 16), "x", new byte[4], 33, bytes(3, 32), 0, List.of()));
    }
}
