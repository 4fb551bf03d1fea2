package atenet.wire.overlay;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static atenet.wire.overlay.OverlayHeader.*;
import static org.junit.jupiter.api.Assertions.*;

class OverlayCodecTest {

    @Test
    void headerRoundTripOfEveryField() {
        byte[] pkt = new byte[MAX_PACKET_LEN];
        OverlayCodec.writeHeader(pkt, 0x01020304, 0x1112131415161718L);
        assertEquals(MessageKind.TRANSPORT, pkt[OFFSET_KIND]);
        assertEquals(0x01020304, OverlayCodec.receiver(pkt));
        assertEquals(0x1112131415161718L, OverlayCodec.counter(pkt));
        // big-endian, at the documented offsets: kind | receiver u32 | counter u64
        byte[] expected = {MessageKind.TRANSPORT, 0x01, 0x02, 0x03, 0x04,
                0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18};
        assertEquals(HEADER_LEN, expected.length);
        assertArrayEquals(expected, Arrays.copyOf(pkt, HEADER_LEN));
        for (int i = HEADER_LEN; i < pkt.length; i++) {
            assertEquals(0, pkt[i], "writeHeader must not touch byte " + i);
        }
    }

    @Test
    void writeHeaderFitsAnExactlySizedArrayAndOverwritesEveryHeaderByte() {
        byte[] pkt = new byte[HEADER_LEN];
        Arrays.fill(pkt, (byte) 0xa5);
        OverlayCodec.writeHeader(pkt, 0, 0);
        byte[] expected = new byte[HEADER_LEN];
        expected[0] = MessageKind.TRANSPORT;
        assertArrayEquals(expected, pkt);
    }

    @Test
    void headerRoundTripOfNegativeAndExtremeValues() {
        int[] receivers = {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 1, -2, 0x80000001, 0xff00ff00};
        long[] counters = {-1L, Long.MIN_VALUE, Long.MAX_VALUE, 0L, -2L, 0x8000000000000001L, 0xff00ff00ff00ff00L, 1L};
        byte[] pkt = new byte[HEADER_LEN];
        for (int a : receivers) {
            for (long b : counters) {
                OverlayCodec.writeHeader(pkt, a, b);
                assertEquals(MessageKind.TRANSPORT, pkt[0]);
                assertEquals(a, OverlayCodec.receiver(pkt));
                assertEquals(b, OverlayCodec.counter(pkt));
            }
        }
    }

    @Test
    void headerRoundTripRandom() {
        SplittableRandom r = new SplittableRandom(42);
        byte[] pkt = new byte[HEADER_LEN];
        for (int i = 0; i < 10_000; i++) {
            int a = r.nextInt();
            long b = r.nextLong();
            OverlayCodec.writeHeader(pkt, a, b);
            assertEquals(a, OverlayCodec.receiver(pkt));
            assertEquals(b, OverlayCodec.counter(pkt));
            assertEquals(a, OverlayCodec.getInt(pkt, OFFSET_RECEIVER));
            assertEquals(b, OverlayCodec.getLong(pkt, OFFSET_COUNTER));
        }
    }

    @Test
    void getPutLongIntAndShortAtOffsets() {
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

        byte[] c = new byte[10];
        OverlayCodec.putInt(c, 2, 0x89abcdef);
        assertArrayEquals(new byte[]{0, 0, (byte) 0x89, (byte) 0xab, (byte) 0xcd, (byte) 0xef, 0, 0, 0, 0}, c);
        assertEquals(0x89abcdef, OverlayCodec.getInt(c, 2));
        for (int v : new int[]{0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x00ff00ff}) {
            OverlayCodec.putInt(c, 6, v);
            assertEquals(v, OverlayCodec.getInt(c, 6));
        }
    }

    @Test
    void hasSealedLengthBounds() {
        assertFalse(OverlayCodec.hasSealedLength(-1));
        assertFalse(OverlayCodec.hasSealedLength(0));
        assertFalse(OverlayCodec.hasSealedLength(HEADER_LEN));
        assertFalse(OverlayCodec.hasSealedLength(29));
        assertTrue(OverlayCodec.hasSealedLength(30));
        assertTrue(OverlayCodec.hasSealedLength(1000));
        assertTrue(OverlayCodec.hasSealedLength(MAX_PACKET_LEN));
        assertFalse(OverlayCodec.hasSealedLength(MAX_PACKET_LEN + 1));
        assertFalse(OverlayCodec.hasSealedLength(Integer.MAX_VALUE));
        assertFalse(OverlayCodec.hasSealedLength(Integer.MIN_VALUE));
    }

    /**
     * Successor of the old "isReject is false for any other type": a TRANSPORT packet is told apart from every
     * other datagram on the port by its clear first byte alone, and writeHeader always writes that byte.
     */
    @Test
    void transportKindIsTheOnlyFirstByteWriteHeaderProduces() {
        byte[] pkt = new byte[HEADER_LEN];
        for (int t = 0; t < 256; t++) {
            pkt[0] = (byte) t;
            OverlayCodec.writeHeader(pkt, 7, 9);
            assertEquals(MessageKind.TRANSPORT, pkt[0]);
        }
        assertEquals("transport", MessageKind.name(MessageKind.TRANSPORT));
    }
}
