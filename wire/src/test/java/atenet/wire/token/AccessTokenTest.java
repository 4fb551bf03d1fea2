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

    private static InetSocketAddress node(String ip, int port) {
        return ep(ip, port);
    }

    private static AccessToken token(String name, long expiry, List<InetSocketAddress> hints) {
        return new AccessToken(bytes(1, 32), bytes(4, 32), bytes(2, 16), name, new byte[]{10, 42, 0, 0}, 16, bytes(3, 32),
                expiry, hints);
    }

    private static AccessToken sample() {
        return token("office", 1_900_000_000_000L, List.of(node("192.0.2.1", 51820), node("2001:db8::7", 443),
                node("198.51.100.255", 65535)));
    }

    private static void assertSameToken(AccessToken a, AccessToken b) {
        assertArrayEquals(a.chainId(), b.chainId());
        assertArrayEquals(a.operatorKey(), b.operatorKey());
        assertArrayEquals(a.networkId(), b.networkId());
        assertEquals(a.networkName(), b.networkName());
        assertArrayEquals(a.subnetAddress(), b.subnetAddress());
        assertEquals(a.subnetPrefix(), b.subnetPrefix());
        assertArrayEquals(a.privateKey(), b.privateKey());
        assertEquals(a.expiresAtMillis(), b.expiresAtMillis());
        assertEquals(a.hints(), b.hints());
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
    void roundTripWithoutHints() {
        roundTrip(token("n", 0, List.of()));
    }

    @Test
    void roundTripWithOneIpv4Node() {
        AccessToken d = roundTrip(token("home", 0, List.of(node("203.0.113.9", 4000))));
        assertTrue(AccessToken.isIpv4(d.hints().get(0)));
        assertFalse(AccessToken.isIpv6(d.hints().get(0)));
    }

    @Test
    void roundTripWithOneIpv6Node() {
        AccessToken d = roundTrip(token("home", 0, List.of(node("2001:db8:0:0:0:0:0:ff01", 1))));
        assertTrue(AccessToken.isIpv6(d.hints().get(0)));
        assertFalse(AccessToken.isIpv4(d.hints().get(0)));
    }

    @Test
    void roundTripWithThreeMixedNodes() {
        AccessToken d = roundTrip(sample());
        assertEquals(3, d.hints().size());
        assertEquals(65535, d.hints().get(2).getPort());
        assertEquals(443, d.hints().get(1).getPort());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 1_900_000_000_000L, Long.MAX_VALUE, -1, Long.MIN_VALUE})
    void roundTripExpiry(long expiry) {
        assertEquals(expiry, roundTrip(token("x", expiry, List.of(node("10.0.0.1", 9)))).expiresAtMillis());
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
        AccessToken t = new AccessToken(bytes(1, 32), bytes(4, 32), bytes(2, 16), "p", new byte[]{(byte) 192, (byte) 168, 1, 0},
                prefix, bytes(3, 32), 0, List.of());
        assertEquals(prefix, roundTrip(t).subnetPrefix());
    }

    @Test
    void roundTripPort0And255Hints() {
        List<InetSocketAddress> hints = new ArrayList<>();
        for (int i = 0; i < 255; i++) {
            hints.add(node(i % 2 == 0 ? "10.0.0." + i : "fd00::" + Integer.toHexString(i), i * 257));
        }
        AccessToken d = roundTrip(token("many", 0, hints));
        assertEquals(255, d.hints().size());
        assertEquals(hints, d.hints());
        assertEquals(0, d.hints().get(0).getPort());
        assertTrue(AccessToken.isIpv6(d.hints().get(1)));
        assertTrue(AccessToken.isIpv4(d.hints().get(254)));
    }

    @Test
    void sameHintTwiceRoundTrips() {
        InetSocketAddress h = node("192.0.2.7", 9);
        assertEquals(List.of(h, h), roundTrip(token("dup", 0, List.of(h, h))).hints());
    }

    @Test
    void operatorKeyAndChainIdRoundTripUnchanged() {
        AccessToken t = sample();
        AccessToken d = AccessToken.decode(t.encode());
        assertArrayEquals(bytes(1, 32), d.chainId());
        assertArrayEquals(bytes(4, 32), d.operatorKey());
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
        AccessToken t = token("ab", 0x0102030405060708L, List.of(node("1.2.3.4", 0x1234)));
        byte[] b = body(t.encode());
        assertEquals(2, b[0]);
        assertArrayEquals(t.chainId(), Arrays.copyOfRange(b, 1, 33));
        assertArrayEquals(t.operatorKey(), Arrays.copyOfRange(b, 33, 65));
        assertArrayEquals(t.networkId(), Arrays.copyOfRange(b, 65, 81));
        assertEquals(2, b[81]);
        assertEquals('a', b[82]);
        assertEquals('b', b[83]);
        assertArrayEquals(new byte[]{10, 42, 0, 0}, Arrays.copyOfRange(b, 84, 88));
        assertEquals(16, b[88]);
        assertArrayEquals(t.privateKey(), Arrays.copyOfRange(b, 89, 121));
        assertArrayEquals(new byte[]{1, 2, 3, 4, 5, 6, 7, 8}, Arrays.copyOfRange(b, 121, 129));
        assertEquals(1, b[129]);
        assertEquals(4, b[130]);
        assertArrayEquals(new byte[]{1, 2, 3, 4}, Arrays.copyOfRange(b, 131, 135));
        assertArrayEquals(new byte[]{0x12, 0x34}, Arrays.copyOfRange(b, 135, 137));
        assertEquals(137, b.length);
        assertArrayEquals(Arrays.copyOf(KeyId.sha256(b), 4), Arrays.copyOfRange(raw(t.encode()), 137, 141));
    }

    @Test
    void ipv6HintLayoutIsAsDocumented() {
        AccessToken t = token("", 0, List.of(node("2001:db8::1:2", 0xfedc)));
        byte[] b = body(t.encode());
        int count = 81 + 1 + 4 + 1 + 32 + 8;
        assertEquals(1, b[count]);
        assertEquals(6, b[count + 1]);
        assertArrayEquals(t.hints().get(0).getAddress().getAddress(), Arrays.copyOfRange(b, count + 2, count + 18));
        assertEquals((byte) 0xfe, b[count + 18]);
        assertEquals((byte) 0xdc, b[count + 19]);
        assertEquals(count + 20, b.length);
    }

    // ---------------------------------------------------------------- decode errors

    @Test
    void nullIsRefused() {
        refused(null, "no token given");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "atn", "atn2", "atn1", "ATN2_AAAA", "ATN1_AAAA", "atn2-AAAA", "xatn2_AAAA", "xatn1_AAAA",
            "atn3_AAAA", "token"})
    void missingPrefixIsRefused(String s) {
        refused(s, "should start with 'atn2_'");
    }

    /** Tokens of the old static-key format (atn1_) get a clear error, whatever follows the prefix. */
    @ParameterizedTest
    @ValueSource(strings = {"atn1_", "atn1_AAAA", "atn1_!!!!", "  atn1_AAAA\n"})
    void oldTokensAreRefusedWithAClearMessage(String s) {
        TokenFormatException e = refused(s);
        assertTrue(e.getMessage().contains("atn1_"), e.getMessage());
        assertTrue(e.getMessage().contains("older"), e.getMessage());
        assertFalse(e.getMessage().contains("corrupted"), e.getMessage());
    }

    /** A real old token (version 1 body, valid checksum) is refused as old, not as corrupted. */
    @Test
    void aGenuineVersion1TokenIsRefusedAsOld() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(1);
        out.writeBytes(bytes(1, 32));
        out.writeBytes(bytes(2, 16));
        out.write(2);
        out.writeBytes("ab".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[]{10, 42, 0, 0});
        out.write(16);
        out.writeBytes(bytes(3, 32));
        out.writeBytes(new byte[8]);
        out.write(1);
        out.writeBytes(X25519Keys.publicOf(bytes(9, 32)));
        out.writeBytes(new byte[]{4, 1, 2, 3, 4, 0x12, 0x34});
        byte[] body = out.toByteArray();
        String v1 = withChecksum(body).replace(AccessToken.PREFIX, "atn1_");
        refused(v1, "older atenet (atn1_)");
        // the same bytes under the new prefix: a version error, never a successful parse
        refused(withChecksum(body), "unsupported token version 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"atn2_A", "atn2_!!!!", "atn2_ab+/cdef", "atn2_ab/cd", "atn2_ab cd", "atn2_AAAA=AAA", "atn2_é", "atn2_AAAAA"})
    void badBase64IsRefused(String s) {
        refused(s, "not valid base64url");
    }

    /** Canonical base64 only: padding, or stray low bits in the last character, are refused before the checksum. */
    @Test
    void nonCanonicalBase64IsRefused() {
        java.util.Set<Integer> partialGroups = new java.util.HashSet<>();
        for (String name : List.of("", "a", "ab", "abc")) {
            String s = token(name, 0, List.of(node("192.0.2.1", 51820))).encode();
            int rem = (s.length() - AccessToken.PREFIX.length()) % 4;
            if (rem == 0) {
                continue;
            }
            partialGroups.add(rem);
            refused(s + "=".repeat(4 - rem), "not valid base64url");
            char last = s.charAt(s.length() - 1);
            int v = B64URL.indexOf(last);
            int unusedBits = rem == 2 ? 4 : 2;
            for (int low = 1; low < (1 << unusedBits); low++) {
                String changed = s.substring(0, s.length() - 1) + B64URL.charAt(v ^ low);
                refused(changed, "not valid base64url");
            }
        }
        assertEquals(java.util.Set.of(2, 3), partialGroups, "both partial last groups (1 and 2 trailing bytes) were tried");
    }

    @ParameterizedTest
    @ValueSource(strings = {"atn2_", "atn2_AA", "atn2_AAA", "atn2_AAAA", "atn2_AAAAAA"})
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
    @ValueSource(ints = {0, 1, 3, 127, 255})
    void wrongVersionIsRefused(int version) {
        byte[] b = body(sample().encode());
        b[0] = (byte) version;
        refused(withChecksum(b), "unsupported token version " + version);
    }

    @ParameterizedTest
    @ValueSource(ints = {33, 64, 128, 255})
    void prefixAbove32IsRefused(int prefix) {
        byte[] b = body(token("ab", 0, List.of()).encode());
        assertEquals(16, b[88]);
        b[88] = (byte) prefix;
        refused(withChecksum(b), "subnet prefix /" + prefix);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 7, 46, 255})
    void familyOtherThan4Or6IsRefused(int family) {
        byte[] b = body(token("ab", 0, List.of(node("1.2.3.4", 99))).encode());
        assertEquals(4, b[130]);
        b[130] = (byte) family;
        refused(withChecksum(b), "address family " + family);
    }

    @Test
    void familyMismatchingAddressLengthIsRefused() {
        // family says 6 but only an IPv4 address follows: the buffer runs out
        byte[] b = body(token("ab", 0, List.of(node("1.2.3.4", 99))).encode());
        b[130] = 6;
        refused(withChecksum(b), "truncated");
        // family says 4 but an IPv6 address follows: trailing bytes
        b = body(token("ab", 0, List.of(node("::1", 99))).encode());
        assertEquals(6, b[130]);
        b[130] = 4;
        refused(withChecksum(b), "12 unexpected trailing bytes");
    }

    @Test
    void nodeCountLargerThanNodesIsRefused() {
        byte[] b = body(token("ab", 0, List.of(node("1.2.3.4", 99))).encode());
        assertEquals(1, b[129]);
        b[129] = 2;
        refused(withChecksum(b), "truncated");
        b[129] = 0;
        refused(withChecksum(b), "unexpected trailing bytes");
    }

    @Test
    void nameLengthBeyondTheBodyIsRefused() {
        byte[] b = body(token("ab", 0, List.of()).encode());
        assertEquals(2, b[81]);
        b[81] = (byte) 255;
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
                        b[0] = 2;
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
        int n = body[81] & 0xff;
        return Arrays.copyOfRange(body, 82, 82 + n);
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
    void moreThan255HintsAreRefusedAtConstruction() {
        List<InetSocketAddress> nodes = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            nodes.add(node("10.0.0.1", i + 1));
        }
        assertThrows(IllegalArgumentException.class, () -> token("many", 0, nodes));
    }

    @Test
    void wrongFieldLengthsAreRefusedAtConstruction() {
        assertThrows(IllegalArgumentException.class,
                () -> new AccessToken(new byte[31], bytes(4, 32), bytes(2, 16), "x", new byte[4], 16, bytes(3, 32), 0, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new AccessToken(bytes(1, 32), new byte[31], bytes(2, 16), "x", new byte[4], 16, bytes(3, 32), 0, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new AccessToken(bytes(1, 32), null, bytes(2, 16), "x", new byte[4], 16, bytes(3, 32), 0, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new AccessToken(bytes(1, 32), bytes(4, 32), bytes(2, 15), "x", new byte[4], 16, bytes(3, 32), 0, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new AccessToken(bytes(1, 32), bytes(4, 32), bytes(2, 16), "x", new byte[16], 16, bytes(3, 32), 0, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new AccessToken(bytes(1, 32), bytes(4, 32), bytes(2, 16), "x", new byte[4], 16, bytes(3, 31), 0, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new AccessToken(bytes(1, 32), bytes(4, 32), bytes(2, 16), "x", new byte[4], 33, bytes(3, 32), 0, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new AccessToken(bytes(1, 32), bytes(4, 32), bytes(2, 16), "x", new byte[4], -1, bytes(3, 32), 0, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new AccessToken(bytes(1, 32), bytes(4, 32), bytes(2, 16), null, new byte[4], 16, bytes(3, 32), 0, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new AccessToken(bytes(1, 32), bytes(4, 32), bytes(2, 16), "x", new byte[4], 16, bytes(3, 32), 0, null));
    }

    @Test
    void unresolvedOrNullHintsAreRefusedAtConstruction() {
        assertThrows(IllegalArgumentException.class,
                () -> token("x", 0, List.of(InetSocketAddress.createUnresolved("node.example", 51820))));
        List<InetSocketAddress> withNull = new ArrayList<>();
        withNull.add(null);
        assertThrows(IllegalArgumentException.class, () -> token("x", 0, withNull));
    }

    @Test
    void hintsAreCopiedAtConstruction() {
        List<InetSocketAddress> hints = new ArrayList<>(List.of(node("10.0.0.1", 1)));
        AccessToken t = token("x", 0, hints);
        hints.add(node("10.0.0.2", 2));
        assertEquals(1, t.hints().size());
        assertThrows(UnsupportedOperationException.class, () -> t.hints().add(node("10.0.0.3", 3)));
    }
}
