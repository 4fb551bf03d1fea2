package atenet.wire.frame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class MacAddressTest {
    private static final String CLEAR = "a MAC address is six hex octets separated by ':', got '";

    @Test
    void readWriteRoundTrip() {
        byte[] b = new byte[20];
        Arrays.fill(b, (byte) 0x77);
        long mac = 0x0211_2233_44ffL;
        MacAddress.write(b, 3, mac);
        assertArrayEquals(new byte[]{0x02, 0x11, 0x22, 0x33, 0x44, (byte) 0xff}, Arrays.copyOfRange(b, 3, 9));
        assertEquals(0x77, b[2]);
        assertEquals(0x77, b[9]);
        assertEquals(mac, MacAddress.read(b, 3));

        SplittableRandom r = new SplittableRandom(8);
        for (int i = 0; i < 10_000; i++) {
            long m = r.nextLong() & 0xffff_ffff_ffffL;
            int off = r.nextInt(15);
            MacAddress.write(b, off, m);
            assertEquals(m, MacAddress.read(b, off));
        }
    }

    @Test
    void readIsAlways48Bits() {
        byte[] ff = new byte[6];
        Arrays.fill(ff, (byte) 0xff);
        assertEquals(MacAddress.BROADCAST, MacAddress.read(ff, 0));
        assertEquals(0xffff_ffff_ffffL, MacAddress.BROADCAST);
        assertTrue(MacAddress.read(ff, 0) > 0);
    }

    @Test
    void writeIgnoresBitsAbove48() {
        byte[] b = new byte[6];
        MacAddress.write(b, 0, 0xabcd_0211_2233_4455L);
        assertEquals(0x0211_2233_4455L, MacAddress.read(b, 0));
    }

    @Test
    void readsTheDestinationOfAFrame() {
        byte[] frame = new byte[EthernetFrame.HEADER_LEN];
        MacAddress.write(frame, EthernetFrame.OFFSET_DST, MacAddress.BROADCAST);
        MacAddress.write(frame, EthernetFrame.OFFSET_SRC, 0x0200_0000_0001L);
        assertEquals(MacAddress.BROADCAST, MacAddress.read(frame, EthernetFrame.OFFSET_DST));
        assertEquals(0x0200_0000_0001L, MacAddress.read(frame, EthernetFrame.OFFSET_SRC));
        assertEquals(6, EthernetFrame.OFFSET_SRC);
        assertEquals(12, EthernetFrame.OFFSET_ETHERTYPE);
    }

    @Test
    void isMulticast() {
        assertTrue(MacAddress.isMulticast(MacAddress.BROADCAST));
        assertTrue(MacAddress.isMulticast(MacAddress.parse("01:00:5e:00:00:01")));
        assertTrue(MacAddress.isMulticast(MacAddress.parse("01:00:5e:7f:ff:fa")));
        assertTrue(MacAddress.isMulticast(MacAddress.parse("33:33:00:00:00:01")));
        assertTrue(MacAddress.isMulticast(MacAddress.parse("33:33:ff:12:34:56")));
        assertTrue(MacAddress.isMulticast(MacAddress.parse("01:80:c2:00:00:00")));
        assertFalse(MacAddress.isMulticast(MacAddress.parse("02:00:00:00:00:01")));
        assertFalse(MacAddress.isMulticast(MacAddress.parse("02:ff:ff:ff:ff:ff")));
        assertFalse(MacAddress.isMulticast(MacAddress.parse("00:00:00:00:00:00")));
        assertFalse(MacAddress.isMulticast(MacAddress.parse("fe:ff:ff:ff:ff:ff")));
        assertFalse(MacAddress.isMulticast(MacAddress.parse("00:00:00:00:00:01")), "the group bit is in the first octet");
        assertFalse(MacAddress.isMulticast(MacAddress.parse("32:33:00:00:00:01")));
    }

    @Test
    void formatParseRoundTrip() {
        assertEquals("ff:ff:ff:ff:ff:ff", MacAddress.format(MacAddress.BROADCAST));
        assertEquals("00:00:00:00:00:00", MacAddress.format(0));
        assertEquals("02:0a:b0:c1:00:ff", MacAddress.format(0x020a_b0c1_00ffL));
        assertEquals(0x020a_b0c1_00ffL, MacAddress.parse("02:0a:b0:c1:00:ff"));
        assertEquals(0x020a_b0c1_00ffL, MacAddress.parse("02:0A:B0:C1:00:FF"));
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < 10_000; i++) {
            long m = r.nextLong() & 0xffff_ffff_ffffL;
            String s = MacAddress.format(m);
            assertEquals(17, s.length());
            assertEquals(s.toLowerCase(), s);
            assertEquals(m, MacAddress.parse(s));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", "00:11:22:33:44", "00:11:22:33:44:55:66", "0:11:22:33:44:55", "000:11:22:33:44:55",
            "00-11-22-33-44-55", "001122334455", "00:11:22:33:44:5", "00::22:33:44:55", ":00:11:22:33:44:55",
            "00:11:22:33:44:555"})
    void parseRejectsWrongShapeWithAClearMessage(String s) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MacAddress.parse(s));
        assertEquals(CLEAR + s + "'", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"zz:11:22:33:44:55", "00:11:22:33:44:5g", "0x:11:22:33:44:55", " 0:11:22:33:44:55"})
    void parseRejectsNonHex(String s) {
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse(s));
    }

    @ParameterizedTest
    @ValueSource(strings = {"zz:11:22:33:44:55", "00:11:22:33:44:5g"})
    void parseRejectsNonHexWithAClearMessage(String s) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MacAddress.parse(s));
        assertEquals(CLEAR + s + "'", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"00:00:00:00:00:-1", "-1:00:00:00:00:00", "+f:00:00:00:00:00", "00:11:22:33:44:+5"})
    void parseRejectsSignedOctets(String s) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MacAddress.parse(s));
        assertEquals(CLEAR + s + "'", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"00:11:22:33:44:55:", "00:11:22:33:44:55::"})
    void parseRejectsTrailingColons(String s) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MacAddress.parse(s));
        assertEquals(CLEAR + s + "'", e.getMessage());
    }

    @Test
    void parseResultIsAlwaysA48BitValueOrAnError() {
        // whatever parse accepts must format back to an address that parses to the same value
        String[] inputs = {"00:11:22:33:44:55", "FF:FF:FF:FF:FF:FF", "0a:0B:0c:0D:0e:0F"};
        for (String s : inputs) {
            long m = MacAddress.parse(s);
            assertEquals(0, m >>> 48, s);
            assertEquals(s.toLowerCase(), MacAddress.format(m));
        }
    }
}
