package atenet.redolog.entry;

import atenet.redolog.keys.Ed25519KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Layer: codec unit tests (round trips and bad input) for every entry body and the entry envelope. */
class EntryCodecTest {
    static final byte[] K1 = filled(32, 1);
    static final byte[] K2 = filled(32, 2);
    static final byte[] NET = filled(16, 7);

    static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    static List<EntryBody> bodies() throws Exception {
        return List.of(
                new Genesis(K1, "test chain"),
                new NetworkCreated(NET, "office-1", (Inet4Address) InetAddress.getByName("10.250.0.0"), 24, 1400),
                new NodeEnrolled(K1, K2, "node-a"),
                new NodeJoined(42L, NET, new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 4789)),
                new NodeJoined(-1L, NET, new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 65535)),
                new NodeLeft(42L, NET),
                new AccessKeyIssued(NET, K2, "alice's laptop ✓", 1_900_000_000_000L),
                new AccessKeyIssued(NET, K2, "", 0),
                new AccessKeyRevoked(0x1234_5678_9abc_def0L));
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void bodyRoundTrip(EntryBody body) {
        byte[] bytes = body.toBytes();
        EntryBody back = EntryBody.decode(body.type(), bytes);
        assertArrayEquals(bytes, back.toBytes());
        assertEquals(body.type(), back.type());
        assertNotNull(back.summary());
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void truncatedBodyIsRefusedWithFieldName(EntryBody body) {
        byte[] bytes = body.toBytes();
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = Arrays.copyOf(bytes, n);
            EntryFormatException e = assertThrows(EntryFormatException.class, () -> EntryBody.decode(body.type(), cut), "length " + n);
            assertTrue(e.getMessage().startsWith(body.type() + " body: "), e.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void trailingBytesAreRefused(EntryBody body) {
        byte[] bytes = Arrays.copyOf(body.toBytes(), body.toBytes().length + 1);
        EntryFormatException e = assertThrows(EntryFormatException.class, () -> EntryBody.decode(body.type(), bytes));
        assertTrue(e.getMessage().contains("1 unexpected trailing bytes"), e.getMessage());
    }

    @Test
    void oversizedStringLengthIsRefused() {
        byte[] b = new Genesis(K1, "x").toBytes();
        b[32] = (byte) 0xff; // chain name length high byte
        EntryFormatException e = assertThrows(EntryFormatException.class, () -> EntryBody.decode(EntryType.GENESIS, b));
        assertTrue(e.getMessage().contains("chain name: length 65281 exceeds the maximum of 64"), e.getMessage());
    }

    @Test
    void badFieldValuesAreRefused() throws Exception {
        Inet4Address net = (Inet4Address) InetAddress.getByName("10.0.0.0");
        assertThrows(IllegalArgumentException.class, () -> new NetworkCreated(NET, "Bad_Name", net, 24, 1400));
        assertThrows(IllegalArgumentException.class, () -> new NetworkCreated(NET, "a".repeat(33), net, 24, 1400));
        assertThrows(IllegalArgumentException.class, () -> new NetworkCreated(NET, "ok", net, 31, 1400));
        assertThrows(IllegalArgumentException.class, () -> new NetworkCreated(NET, "ok", net, 7, 1400));
        assertThrows(IllegalArgumentException.class, () -> new NetworkCreated(NET, "ok", net, 24, 100));
        IllegalArgumentException hb = assertThrows(IllegalArgumentException.class,
                () -> new NetworkCreated(NET, "ok", (Inet4Address) InetAddress.getByName("10.0.0.5"), 24, 1400));
        assertTrue(hb.getMessage().contains("did you mean 10.0.0.0/24"), hb.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Genesis(new byte[31], "x"));
        assertThrows(IllegalArgumentException.class, () -> new NodeLeft(1, new byte[15]));
        // decoded bad values become EntryFormatException naming the type
        byte[] b = new NetworkCreated(NET, "ok", net, 24, 1400).toBytes();
        b[b.length - 3] = 31; // prefix
        EntryFormatException e = assertThrows(EntryFormatException.class, () -> EntryBody.decode(EntryType.NETWORK_CREATED, b));
        assertTrue(e.getMessage().startsWith("NETWORK_CREATED body: subnet prefix /31"), e.getMessage());
        byte[] j = new NodeJoined(1, NET, new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 1)).toBytes();
        j[24] = 5; // family
        e = assertThrows(EntryFormatException.class, () -> EntryBody.decode(EntryType.NODE_JOINED, j));
        assertTrue(e.getMessage().contains("address family 5"), e.getMessage());
    }

    @Test
    void gatewayIsFirstHost() throws Exception {
        NetworkCreated n = new NetworkCreated(NET, "n", (Inet4Address) InetAddress.getByName("10.250.0.0"), 24, 1400);
        assertEquals("10.250.0.1", n.gateway().getHostAddress());
    }

    @Test
    void entryRoundTripAndLayout() {
        Ed25519KeyPair k = Ed25519KeyPair.generate();
        LogEntry e = LogEntryCodec.sign(5, 1234, filled(32, 9), new AccessKeyRevoked(77), k);
        byte[] enc = e.encoded();
        assertEquals(LogEntryCodec.MIN_LENGTH + 8, enc.length);
        ByteBuffer b = ByteBuffer.wrap(enc);
        assertEquals(1, b.get(0));
        assertEquals(EntryType.ACCESS_KEY_REVOKED.code(), b.get(1));
        assertEquals(5, b.getLong(LogEntryCodec.OFFSET_SEQUENCE));
        assertEquals(1234, b.getLong(LogEntryCodec.OFFSET_TIME));
        assertEquals(k.keyId(), b.getLong(LogEntryCodec.OFFSET_AUTHOR));
        assertEquals(8, b.getInt(LogEntryCodec.OFFSET_BODY_LENGTH));
        LogEntry back = LogEntryCodec.decode(enc);
        assertArrayEquals(e.hash(), back.hash());
        assertEquals(new AccessKeyRevoked(77), back.body());
        assertTrue(Ed25519KeyPair.verify(k.publicKey(), enc, 0, LogEntryCodec.signedLength(back), back.signature()));
    }

    @Test
    void badEntriesAreRefused() {
        LogEntry e = LogEntryCodec.sign(0, 1, new byte[32], new AccessKeyRevoked(1), Ed25519KeyPair.generate());
        byte[] enc = e.encoded();
        EntryFormatException x = assertThrows(EntryFormatException.class, () -> LogEntryCodec.decode(Arrays.copyOf(enc, 40)));
        assertTrue(x.getMessage().contains("expected: 126+ bytes"), x.getMessage());
        byte[] v = enc.clone();
        v[0] = 2;
        assertTrue(assertThrows(EntryFormatException.class, () -> LogEntryCodec.decode(v)).getMessage().contains("version 2"));
        byte[] t = enc.clone();
        t[1] = 99;
        assertTrue(assertThrows(EntryFormatException.class, () -> LogEntryCodec.decode(t)).getMessage().contains("unknown entry type 99"));
        byte[] big = enc.clone();
        ByteBuffer.wrap(big).putInt(LogEntryCodec.OFFSET_BODY_LENGTH, 0x7fffffff);
        assertTrue(assertThrows(EntryFormatException.class, () -> LogEntryCodec.decode(big)).getMessage().contains("exceeds the maximum"));
        byte[] off = enc.clone();
        ByteBuffer.wrap(off).putInt(LogEntryCodec.OFFSET_BODY_LENGTH, 9);
        assertTrue(assertThrows(EntryFormatException.class, () -> LogEntryCodec.decode(off)).getMessage().contains("body length field says 9"));
        assertThrows(EntryFormatException.class, () -> LogEntryCodec.decode(Arrays.copyOf(enc, enc.length - 1)));
    }

    @Test
    void networkIdHalves() {
        byte[] id = new byte[16];
        id[0] = (byte) 0x80;
        id[15] = 1;
        NetworkId n = NetworkId.of(id);
        assertEquals(0x8000000000000000L, n.hi());
        assertEquals(1L, n.lo());
        assertArrayEquals(id, n.bytes());
        assertEquals(n, NetworkId.parse(n.hex()));
    }

    /** ACCESS_KEY_ISSUED encoded and signed by the code before the flags byte existed (commit 488933a). */
    static final String OLD_ACCESS_KEY_ISSUED = "010600000000000000040000018bcfe568000000000000000000000000000000000000000000000000000000"
            + "000000000000b62e867fa2f33afe0000003f07070707070707070707070707070707020202020202020202020202020202020202020202"
            + "02020202020202020202020005616c696365000001ba60d33800f340367c92c12d10da888a2703227ab1c00dfefa854396a8f03d1e86"
            + "645d8b6657f5ab6972f78520d935bc4105d270b79e8947bc99896afd7c5624eeb6843b0e";

    @Test
    void accessKeyWithoutFlagsKeepsTheOldBytesAndSignature() {
        byte[] old = java.util.HexFormat.of().parseHex(OLD_ACCESS_KEY_ISSUED);
        byte[] priv = filled(32, 3);
        Ed25519KeyPair k = Ed25519KeyPair.fromPrivateKey(priv);
        LogEntry e = LogEntryCodec.decode(old);
        AccessKeyIssued body = (AccessKeyIssued) e.body();
        assertFalse(body.bridge());
        assertEquals("alice", body.label());
        assertTrue(Ed25519KeyPair.verify(k.publicKey(), old, 0, LogEntryCodec.signedLength(e), e.signature()));
        LogEntry again = LogEntryCodec.sign(4, 1_700_000_000_000L, new byte[32],
                new AccessKeyIssued(NET, K2, "alice", 1_900_000_000_000L), k);
        assertArrayEquals(old, again.encoded(), "a key without flags encodes exactly as before");
    }

    @Test
    void bridgeFlagIsOneTrailingByte() {
        AccessKeyIssued plain = new AccessKeyIssued(NET, K2, "lan", 0);
        AccessKeyIssued bridge = new AccessKeyIssued(NET, K2, "lan", 0, true);
        byte[] b = bridge.toBytes();
        assertEquals(plain.toBytes().length + 1, b.length);
        assertEquals(AccessKeyIssued.FLAG_BRIDGE, b[b.length - 1]);
        AccessKeyIssued back = (AccessKeyIssued) EntryBody.decode(EntryType.ACCESS_KEY_ISSUED, b);
        assertTrue(back.bridge());
        assertTrue(back.summary().endsWith(", bridge"), back.summary());
        assertArrayEquals(b, back.toBytes());
    }

    @Test
    void badFlagsAreRefused() {
        byte[] b = new AccessKeyIssued(NET, K2, "lan", 0, true).toBytes();
        b[b.length - 1] = 0;
        EntryFormatException zero = assertThrows(EntryFormatException.class, () -> EntryBody.decode(EntryType.ACCESS_KEY_ISSUED, b));
        assertTrue(zero.getMessage().contains("zero flags byte"), zero.getMessage());
        b[b.length - 1] = 0x03;
        EntryFormatException unknown = assertThrows(EntryFormatException.class, () -> EntryBody.decode(EntryType.ACCESS_KEY_ISSUED, b));
        assertTrue(unknown.getMessage().contains("flags: unknown bits in 0x3"), unknown.getMessage());
        byte[] more = java.util.Arrays.copyOf(new AccessKeyIssued(NET, K2, "lan", 0, true).toBytes(), b.length + 1);
        EntryFormatException trailing = assertThrows(EntryFormatException.class, () -> EntryBody.decode(EntryType.ACCESS_KEY_ISSUED, more));
        assertTrue(trailing.getMessage().contains("1 unexpected trailing bytes"), trailing.getMessage());
    }
}
