package atenet.wire.overlay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static atenet.wire.overlay.OverlayHeader.*;
import static org.junit.jupiter.api.Assertions.*;

class OverlayCodecTest {

    @Test
    void headerRoundTripOfEveryField() {
        byte[] pkt = new byte[MAX_PACKET_LEN];
        OverlayCodec.writeHeader(pkt, 0x0102030405060708L, 0x1112131415161718L, 0x2122232425262728L,
                0x3132333435363738L, 0x4142434445464748L);
        assertEquals(0x0102030405060708L, OverlayCodec.networkHi(pkt));
        assertEquals(0x1112131415161718L, OverlayCodec.networkLo(pkt));
        assertEquals(0x2122232425262728L, OverlayCodec.keyId(pkt));
        assertEquals(0x3132333435363738L, OverlayCodec.sessionId(pkt));
        assertEquals(0x4142434445464748L, OverlayCodec.counter(pkt));
        // big-endian, at the documented offsets
        byte[] expected = new byte[HEADER_LEN];
        long[] v = {0x0102030405060708L, 0x1112131415161718L, 0x2122232425262728L, 0x3132333435363738L, 0x4142434445464748L};
        for (int f = 0; f < 5; f++) {
            for (int i = 0; i < 8; i++) {
                expected[f * 8 + i] = (byte) (v[f] >>> (56 - 8 * i));
            }
        }
        assertArrayEquals(expected, Arrays.copyOf(pkt, HEADER_LEN));
        for (int i = HEADER_LEN; i < pkt.length; i++) {
            assertEquals(0, pkt[i], "writeHeader must not touch byte " + i);
        }
    }

    @Test
    void headerRoundTripOfNegativeAndExtremeLongs() {
        long[] values = {-1L, Long.MIN_VALUE, Long.MAX_VALUE, 0L, -2L, 0x8000000000000001L, 0xff00ff00ff00ff00L, 1L};
        byte[] pkt = new byte[HEADER_LEN];
        for (long a : values) {
            for (long b : values) {
                OverlayCodec.writeHeader(pkt, a, b, ~a, -b, a ^ b);
                assertEquals(a, OverlayCodec.networkHi(pkt));
                assertEquals(b, OverlayCodec.networkLo(pkt));
                assertEquals(~a, OverlayCodec.keyId(pkt));
                assertEquals(-b, OverlayCodec.sessionId(pkt));
                assertEquals(a ^ b, OverlayCodec.counter(pkt));
            }
        }
    }

    @Test
    void headerRoundTripRandom() {
        SplittableRandom r = new SplittableRandom(42);
        byte[] pkt = new byte[HEADER_LEN];
        for (int i = 0; i < 10_000; i++) {
            long a = r.nextLong(), b = r.nextLong(), c = r.nextLong(), d = r.nextLong(), e = r.nextLong();
            OverlayCodec.writeHeader(pkt, a, b, c, d, e);
            assertEquals(a, OverlayCodec.networkHi(pkt));
            assertEquals(b, OverlayCodec.networkLo(pkt));
            assertEquals(c, OverlayCodec.keyId(pkt));
            assertEquals(d, OverlayCodec.sessionId(pkt));
            assertEquals(e, OverlayCodec.counter(pkt));
        }
    }

    @Test
    void getPutLongAndShortAtOffsets() {
        byte[] b = new byte[20];
        OverlayCodec.putLong(b, 3, 0xdeadbeefcafebabeL);
        assertEquals(0xdeadbeefcafebabeL, OverlayCodec.getLong(b, 3));
        assertEquals((byte) 0xde, b[3]);
        assertEquals((byte) 0xbe, b[10]);
        assertEquals(0, b[2]);
        assertEquals(0, b[11]);
        for (int v : new int[]{0, 1, 0x7fff, 0x8000, 0xabcd, 0xffff}) {
            OverlayCodec.putShort(b, 15, v);
            assertEquals(v, OverlayCodec.getShort(b, 15));
        }
        OverlayCodec.putShort(b, 0, 0x1234);
        assertEquals(0x12, b[0]);
        assertEquals(0x34, b[1]);
    }

    @Test
    void hasSealedLengthBounds() {
        assertFalse(OverlayCodec.hasSealedLength(-1));
        assertFalse(OverlayCodec.hasSealedLength(0));
        assertFalse(OverlayCodec.hasSealedLength(REJECT_LEN));
        assertFalse(OverlayCodec.hasSealedLength(56));
        assertTrue(OverlayCodec.hasSealedLength(57));
        assertTrue(OverlayCodec.hasSealedLength(1000));
        assertTrue(OverlayCodec.hasSealedLength(MAX_PACKET_LEN));
        assertFalse(OverlayCodec.hasSealedLength(MAX_PACKET_LEN + 1));
        assertFalse(OverlayCodec.hasSealedLength(Integer.MAX_VALUE));
        assertFalse(OverlayCodec.hasSealedLength(Integer.MIN_VALUE));
    }

    @ParameterizedTest
    @EnumSource(RejectReason.class)
    void rejectRoundTrip(RejectReason reason) {
        byte[] pkt = new byte[MAX_PACKET_LEN];
        Arrays.fill(pkt, (byte) 0x55);
        int len = OverlayCodec.writeReject(pkt, -1L, Long.MIN_VALUE, 0x1234_5678_9abc_def0L, -42L, reason);
        assertEquals(REJECT_LEN, len);
        assertTrue(OverlayCodec.isReject(pkt, len));
        assertEquals(reason, OverlayCodec.rejectReason(pkt));
        assertEquals(-1L, OverlayCodec.networkHi(pkt));
        assertEquals(Long.MIN_VALUE, OverlayCodec.networkLo(pkt));
        assertEquals(0x1234_5678_9abc_def0L, OverlayCodec.keyId(pkt));
        assertEquals(-42L, OverlayCodec.sessionId(pkt));
        assertEquals(0L, OverlayCodec.counter(pkt));
        assertEquals(PacketType.REJECT, pkt[OFFSET_TYPE]);
        assertEquals(reason.code, pkt[OFFSET_TYPE + 1] & 0xff);
        assertEquals(0x55, pkt[REJECT_LEN], "writeReject must not write past REJECT_LEN");
        // a reject fits in an exactly-sized array
        byte[] exact = new byte[REJECT_LEN];
        assertEquals(REJECT_LEN, OverlayCodec.writeReject(exact, 1, 2, 3, 4, reason));
        assertTrue(OverlayCodec.isReject(exact, REJECT_LEN));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 40, 41, 43, 56, 57, 58, 100, MAX_PACKET_LEN})
    void isRejectFalseForWrongLength(int len) {
        byte[] pkt = new byte[MAX_PACKET_LEN];
        OverlayCodec.writeReject(pkt, 1, 2, 3, 4, RejectReason.REVOKED);
        assertFalse(OverlayCodec.isReject(pkt, len));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, -1, 2, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 32})
    void isRejectFalseForNonZeroCounter(long counter) {
        byte[] pkt = new byte[MAX_PACKET_LEN];
        OverlayCodec.writeReject(pkt, 1, 2, 3, 4, RejectReason.REVOKED);
        OverlayCodec.putLong(pkt, OFFSET_COUNTER, counter);
        assertFalse(OverlayCodec.isReject(pkt, REJECT_LEN));
    }

    @Test
    void isRejectFalseForAnyOtherType() {
        byte[] pkt = new byte[MAX_PACKET_LEN];
        for (int t = 0; t < 256; t++) {
            OverlayCodec.writeReject(pkt, 1, 2, 3, 4, RejectReason.EXPIRED);
            pkt[OFFSET_TYPE] = (byte) t;
            assertEquals(t == 0x7f, OverlayCodec.isReject(pkt, REJECT_LEN), "type " + t);
        }
    }

    @Test
    void unknownRejectReasonCodeReadsAsNone() {
        byte[] pkt = new byte[REJECT_LEN];
        OverlayCodec.writeReject(pkt, 1, 2, 3, 4, RejectReason.BAD_AUTH);
        pkt[OFFSET_TYPE + 1] = (byte) 0xee;
        assertEquals(RejectReason.NONE, OverlayCodec.rejectReason(pkt));
    }
}
