package atenet.wire.udp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class UdpGsoTest {
    private final List<DatagramChannel> open = new ArrayList<>();
    private final long[] failed = new long[2];

    @BeforeEach
    void needsNative() {
        assumeTrue(UdpGso.available(), () -> "UDP offload not available: " + UdpGso.unavailableReason());
    }

    @AfterEach
    void closeAll() throws IOException {
        for (DatagramChannel c : open) {
            c.close();
        }
    }

    private DatagramChannel bound() throws IOException {
        DatagramChannel c = DatagramChannel.open();
        open.add(c);
        c.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        c.socket().setSoTimeout(2000);
        return c;
    }

    private static byte[] packet(int i, int len) {
        byte[] b = new byte[len];
        for (int k = 0; k < len; k++) {
            b[k] = (byte) (i * 31 + k * 7);
        }
        return b;
    }

    private static byte[] plainReceive(DatagramChannel c) throws IOException {
        byte[] b = new byte[70000];
        DatagramPacket dp = new DatagramPacket(b, b.length);
        c.socket().receive(dp);
        return Arrays.copyOf(b, dp.getLength());
    }

    private UdpBatchSender sender(DatagramChannel from) {
        UdpBatchSender s = new UdpBatchSender(1600, (n, errno) -> {
            failed[0] += n;
            failed[1] = errno;
        });
        s.bind(UdpGso.fdOf(from));
        return s;
    }

    @Test
    void fdAndFamilyOfAChannel() throws IOException {
        DatagramChannel c = bound();
        int fd = UdpGso.fdOf(c);
        assertTrue(fd > 2, "fd " + fd);
        int fam = UdpGso.family(fd);
        assertTrue(fam == UdpGso.AF_INET || fam == UdpGso.AF_INET6, "family " + fam);
    }

    @Test
    void tenEqualAndOneShortGoOutAsOneSendAndArriveAsElevenDatagrams() throws IOException {
        DatagramChannel tx = bound();
        DatagramChannel rx = bound();
        InetSocketAddress to = (InetSocketAddress) rx.getLocalAddress();
        UdpBatchSender s = sender(tx);
        assumeTrue(s.gsoActive(), "kernel without UDP_SEGMENT");
        for (int i = 0; i < 10; i++) {
            s.add(packet(i, 1400), 0, 1400, to);
        }
        s.add(packet(10, 333), 0, 333, to);
        assertEquals(0, s.sendCalls(), "nothing sent before the flush");
        s.flush();
        assertEquals(1, s.sendCalls());
        assertEquals(1, s.gsoSends());
        assertEquals(11, s.datagrams());
        for (int i = 0; i < 11; i++) {
            assertArrayEquals(packet(i, i < 10 ? 1400 : 333), plainReceive(rx), "datagram " + i);
        }
        assertEquals(0, failed[0]);
        s.close();
    }

    @Test
    void runsBreakOnDestinationSizeAndCount() throws IOException {
        DatagramChannel tx = bound();
        DatagramChannel rxA = bound();
        DatagramChannel rxB = bound();
        InetSocketAddress a = (InetSocketAddress) rxA.getLocalAddress();
        InetSocketAddress b = (InetSocketAddress) rxB.getLocalAddress();
        UdpBatchSender s = sender(tx);
        assumeTrue(s.gsoActive(), "kernel without UDP_SEGMENT");
        s.add(packet(0, 100), 0, 100, a);
        s.add(packet(1, 100), 0, 100, a);
        s.add(packet(2, 100), 0, 100, b);        // other destination: a's run of 2 goes
        s.add(packet(3, 50), 0, 50, b);          // shorter: ends b's run
        s.add(packet(4, 50), 0, 50, b);          // cannot follow a shorter one
        s.add(packet(5, 60), 0, 60, b);          // longer than the run's size
        assertEquals(3, s.sendCalls());
        s.flush();
        assertEquals(4, s.sendCalls());
        assertArrayEquals(packet(0, 100), plainReceive(rxA));
        assertArrayEquals(packet(1, 100), plainReceive(rxA));
        for (int i = 2; i < 6; i++) {
            assertArrayEquals(packet(i, i == 2 ? 100 : i == 5 ? 60 : 50), plainReceive(rxB), "datagram " + i);
        }
        for (int i = 0; i < 70; i++) {         // 64 segments at most per send
            s.add(packet(i, 10), 0, 10, a);
        }
        s.flush();
        assertEquals(6, s.sendCalls());
        for (int i = 0; i < 70; i++) {
            assertArrayEquals(packet(i, 10), plainReceive(rxA));
        }
        assertEquals(0, failed[0]);
        s.close();
    }

    @Test
    void byteBoundKeepsARunUnder64K() throws IOException {
        DatagramChannel tx = bound();
        DatagramChannel rx = bound();
        InetSocketAddress to = (InetSocketAddress) rx.getLocalAddress();
        UdpBatchSender s = sender(tx);
        assumeTrue(s.gsoActive(), "kernel without UDP_SEGMENT");
        for (int i = 0; i < 60; i++) {
            s.add(packet(i, 1500), 0, 1500, to);  // 43 * 1500 = 64500 fits, 44 does not
        }
        s.flush();
        assertEquals(2, s.sendCalls());
        for (int i = 0; i < 60; i++) {
            assertArrayEquals(packet(i, 1500), plainReceive(rx));
        }
        s.close();
    }

    @Test
    void groReceiveSplitsCoalescedDatagrams() throws IOException {
        DatagramChannel tx = bound();
        DatagramChannel rx = bound();
        int rfd = UdpGso.fdOf(rx);
        assumeTrue(UdpGso.setGro(rfd, true), "kernel without UDP_GRO");
        InetSocketAddress to = (InetSocketAddress) rx.getLocalAddress();
        UdpBatchSender s = sender(tx);
        for (int i = 0; i < 10; i++) {
            s.add(packet(i, 1200), 0, 1200, to);
        }
        s.add(packet(10, 77), 0, 77, to);
        s.flush();
        UdpGroReceiver r = new UdpGroReceiver(true);
        List<byte[]> got = new ArrayList<>();
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (got.size() < 11 && System.nanoTime() < deadline) {
            if (r.await(rfd, 200) <= 0) {
                continue;
            }
            int n = r.receive(rfd, UdpGso.MSG_DONTWAIT);
            if (n < 0) {
                continue;
            }
            assertEquals(tx.getLocalAddress(), r.source());
            for (int off = 0; off < n; off += r.segmentSize()) {
                int len = Math.min(r.segmentSize(), n - off);
                byte[] d = new byte[len];
                r.copy(off, d, 0, len);
                got.add(d);
            }
        }
        assertEquals(11, got.size());
        for (int i = 0; i < 11; i++) {
            assertArrayEquals(packet(i, i < 10 ? 1200 : 77), got.get(i), "datagram " + i);
        }
        assertEquals(11, r.datagrams());
        if (s.gsoActive()) {
            assertTrue(r.coalesced() >= 1, "a GSO send reaches a GRO socket coalesced");
        }
        assertEquals(-UdpGso.EAGAIN, r.receive(rfd, UdpGso.MSG_DONTWAIT));
        assertEquals(0, r.await(rfd, 0));
        r.close();
        s.close();
    }

    @Test
    void groReceiveOfPlainDatagramsAndConnectedSockets() throws IOException {
        DatagramChannel tx = bound();
        DatagramChannel rx = bound();
        rx.connect(tx.getLocalAddress());
        tx.connect(rx.getLocalAddress());
        int rfd = UdpGso.fdOf(rx);
        UdpGso.setGro(rfd, true);
        tx.write(java.nio.ByteBuffer.wrap(packet(1, 500)));
        UdpGroReceiver r = new UdpGroReceiver(false);
        assertEquals(1, r.await(rfd, 2000));
        assertEquals(500, r.receive(rfd, UdpGso.MSG_DONTWAIT));
        assertEquals(500, r.segmentSize());
        byte[] d = new byte[500];
        r.copy(0, d, 0, 500);
        assertArrayEquals(packet(1, 500), d);
        // connected sender: msg_name NULL
        UdpBatchSender s = sender(tx);
        s.add(packet(2, 300), 0, 300, null);
        s.add(packet(3, 300), 0, 300, null);
        s.flush();
        List<byte[]> got = new ArrayList<>();
        while (got.size() < 2 && r.await(rfd, 2000) > 0) {
            int n = r.receive(rfd, UdpGso.MSG_DONTWAIT);
            for (int off = 0; off < n; off += r.segmentSize()) {
                byte[] x = new byte[Math.min(r.segmentSize(), n - off)];
                r.copy(off, x, 0, x.length);
                got.add(x);
            }
        }
        assertEquals(2, got.size());
        assertArrayEquals(packet(2, 300), got.get(0));
        assertArrayEquals(packet(3, 300), got.get(1));
        r.close();
        s.close();
    }

    @Test
    void withoutGsoEveryDatagramGoesAtOnce() throws IOException {
        DatagramChannel tx = bound();
        DatagramChannel rx = bound();
        InetSocketAddress to = (InetSocketAddress) rx.getLocalAddress();
        UdpBatchSender s = new UdpBatchSender(1600, (n, errno) -> failed[0] += n);
        s.bind(UdpGso.fdOf(tx));
        s.disableGso();
        assertTrue(!s.gsoActive());
        for (int i = 0; i < 5; i++) {
            s.add(packet(i, 200), 0, 200, to);
            assertEquals(i + 1, s.sendCalls());
        }
        s.flush();
        assertEquals(5, s.sendCalls());
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(packet(i, 200), plainReceive(rx));
        }
        s.close();
    }

    @Test
    void failuresAreCountedNotThrown() throws IOException {
        UdpBatchSender s = new UdpBatchSender(1600, (n, errno) -> {
            failed[0] += n;
            failed[1] = errno;
        });
        s.add(new byte[10], 0, 10, null);      // not bound
        assertEquals(1, failed[0]);
        DatagramChannel tx = bound();
        s.bind(UdpGso.fdOf(tx));
        s.add(new byte[10], 0, 10, null);      // unconnected socket, no destination
        s.add(new byte[10], 0, 10, null);
        s.flush();
        assertEquals(3, failed[0]);
        assertTrue(failed[1] != 0);
        s.close();
    }

    @Test
    void sockaddrRoundTrip() throws IOException {
        byte[] sa = new byte[32];
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("198.18.1.2"), 4789);
        assertEquals(16, UdpGso.encode(v4, UdpGso.AF_INET, sa));
        assertEquals(v4, UdpGso.decode(sa, 16));
        assertEquals(28, UdpGso.encode(v4, UdpGso.AF_INET6, sa));
        InetSocketAddress back = UdpGso.decode(sa, 28);
        assertNotNull(back);
        assertEquals(v4, back, "::ffff:198.18.1.2 reads back as the IPv4 address");
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::5"), 1);
        assertEquals(-1, UdpGso.encode(v6, UdpGso.AF_INET, sa));
        assertEquals(28, UdpGso.encode(v6, UdpGso.AF_INET6, sa));
        assertEquals(v6, UdpGso.decode(sa, 28));
    }

    /**
     * A server bound to the wildcard learns which local address a datagram came to (127.0.0.2 here) and answers
     * from it: a client connected to 127.0.0.2 takes only that answer (a reply from 127.0.0.1 would be filtered).
     */
    @Test
    void aWildcardServerAnswersFromTheAddressTheClientUsed() throws IOException {
        DatagramChannel server = DatagramChannel.open();
        open.add(server);
        server.bind(new InetSocketAddress(0));
        int fd = UdpGso.fdOf(server);
        assertTrue(UdpGso.setPktInfo(fd), "errno " + UdpGso.errno());
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        DatagramChannel client = DatagramChannel.open();
        open.add(client);
        client.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        client.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), port));
        client.socket().setSoTimeout(500);
        client.write(java.nio.ByteBuffer.wrap(packet(1, 100)));

        UdpGroReceiver rx = new UdpGroReceiver(true);
        assertEquals(1, rx.await(fd, 2000));
        assertEquals(100, rx.receive(fd, UdpGso.MSG_DONTWAIT));
        assertEquals(0L, rx.localHi());
        assertEquals(0x0000_ffff_7f00_0002L, rx.localLo(), Long.toHexString(rx.localLo()));
        InetSocketAddress from = rx.source();

        UdpBatchSender tx = sender(server);
        tx.add(packet(2, 60), 0, 60, from);                      // the kernel picks 127.0.0.1: filtered out
        tx.flush();
        tx.add(packet(3, 70), 0, 70, from, rx.localHi(), rx.localLo());
        tx.flush();
        assertArrayEquals(packet(3, 70), plainReceive(client), "only the answer from 127.0.0.2 arrives");
        assertEquals(0, failed[0]);
        rx.close();
        tx.close();
    }
}
