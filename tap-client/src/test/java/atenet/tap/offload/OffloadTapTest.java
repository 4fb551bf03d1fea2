package atenet.tap.offload;

import atenet.tap.jna.LinuxTun;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static atenet.tap.offload.Frames.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Layer: real kernel (root, /dev/net/tun, python3; skipped otherwise). A TAP with offloads in a temporary namespace:
 * a UDP datagram sent there arrives with a partial checksum that {@link TsoSegmenter} completes correctly; a real TCP
 * connection (we answer its SYN by hand) sends TSO frames that split into segments whose checksums verify and whose
 * payload is what the application sent. Always deletes the namespace and the child process.
 */
class OffloadTapTest {
    static final String NS = "atn-tc-offl";
    static final String PY = Files.exists(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return p.exitValue() + ":" + out;
    }

    /** Reads frames (virtio header included) until one matches the IPv4 protocol, or the time is up. */
    private static byte[] await(LinuxTun tap, ByteBuffer buf, int proto, long deadline) {
        while (System.currentTimeMillis() < deadline) {
            if (!tap.awaitReadable(100)) {
                continue;
            }
            int n;
            while ((n = tap.read(buf)) >= 0) {
                byte[] r = new byte[n];
                buf.get(0, r, 0, n);
                if (n > 10 + 34 && u16(r, 10 + 12) == 0x0800 && r[10 + 14 + 9] == proto) {
                    return r;
                }
            }
        }
        return null;
    }

    @Test
    void kernelPartialChecksumsAndTsoFramesComeOutRight() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/net/tun")), "no /dev/net/tun");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "not root");
        Assumptions.assumeTrue(run(PY, "-c", "pass").startsWith("0:"), "no python3");
        Assumptions.assumeTrue(run("ip", "netns", "add", NS).startsWith("0:"), "cannot create a namespace");
        LinuxTun tap = null;
        Process app = null;
        try {
            List<String> warnings = new ArrayList<>();
            tap = LinuxTun.create("atnofft%d", true, warnings::add);
            assertEquals(List.of(), warnings);
            assertEquals(VirtioNetHdr.LEN, tap.vnetHeaderLen());
            String dev = tap.name();
            String peerMac = "02:00:00:00:00:02";
            for (String[] c : new String[][]{
                    {"ip", "link", "set", "dev", dev, "netns", NS},
                    {"ip", "-n", NS, "link", "set", dev, "mtu", "1400", "up"},
                    {"ip", "-n", NS, "addr", "add", "10.77.0.1/24", "dev", dev},
                    {"ip", "-n", NS, "neigh", "add", "10.77.0.2", "lladdr", peerMac, "dev", dev}}) {
                assertTrue(run(c).startsWith("0:"), String.join(" ", c));
            }
            ByteBuffer buf = ByteBuffer.allocateDirect(10 + 65536 + 1024);
            byte[] out = new byte[1600];
            List<byte[]> frames = new ArrayList<>();
            TsoSegmenter seg = new TsoSegmenter(out, 41, 1543, len -> frames.add(Arrays.copyOfRange(out, 41, 41 + len)));

            // 1. UDP: the kernel leaves the checksum partial (NEEDS_CSUM), we complete it
            assertTrue(run("ip", "netns", "exec", NS, PY, "-c", "import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM);"
                    + " s.sendto(b'u'*333, ('10.77.0.2', 9999))").startsWith("0:"));
            byte[] udp = await(tap, buf, 17, System.currentTimeMillis() + 5000);
            assertNotNull(udp, "no UDP frame read");
            assertEquals(VirtioNetHdr.F_NEEDS_CSUM, udp[0] & VirtioNetHdr.F_NEEDS_CSUM, "kernel left the UDP checksum to us");
            ByteBuffer in = ByteBuffer.allocateDirect(udp.length);
            in.put(0, udp);
            assertEquals(1, seg.process(in, udp.length));
            byte[] f = frames.get(0);
            assertTrue(verifies(f, f.length), "completed UDP checksum verifies");

            // 2. TCP: answer the SYN by hand, then the kernel sends TSO frames
            int total = 200_000;
            app = new ProcessBuilder("ip", "netns", "exec", NS, PY, "-c", "import socket; s=socket.create_connection(('10.77.0.2', 5555), 5);"
                    + " s.sendall(bytes(i % 251 for i in range(" + total + "))); import time; time.sleep(3)").redirectErrorStream(true).start();
            byte[] syn = await(tap, buf, 6, System.currentTimeMillis() + 5000);
            assertNotNull(syn, "no SYN");
            byte[] s = Arrays.copyOfRange(syn, 10, syn.length);
            assertEquals(SYN, s[34 + 13] & 0xff);
            int isn = u32(s, 34 + 4);
            byte[] sa = tcp(false, 5555, 1000, isn + 1, SYN | ACK, new byte[0], 1);
            // tcp() builds 10.250.0.11 -> .12 with dst port 5201: rewrite into 10.77.0.2:5555 -> 10.77.0.1:<client port>
            System.arraycopy(s, 6, sa, 0, 6);
            System.arraycopy(s, 0, sa, 6, 6);
            System.arraycopy(s, 14 + 16, sa, 14 + 12, 4);
            System.arraycopy(s, 14 + 12, sa, 14 + 16, 4);
            System.arraycopy(s, 34, sa, 34 + 2, 2);
            p16(sa, 34 + 14, 65535);
            // options: MSS 1360, NOP, window scale 7, NOP, NOP, NOP, NOP, NOP... (12 bytes, replaces the timestamp)
            byte[] opts = {2, 4, 0x05, 0x50, 1, 3, 3, 7, 1, 1, 1, 1};
            System.arraycopy(opts, 0, sa, 34 + 20, 12);
            p16(sa, 14 + 10, 0);
            p16(sa, 14 + 10, ~naiveSum(sa, 14, 20) & 0xffff);
            p16(sa, 34 + 16, 0);
            p16(sa, 34 + 16, ~l4Sum(sa, 14, false, 6, 34, sa.length - 34) & 0xffff);
            ByteBuffer w = ByteBuffer.allocateDirect(10 + sa.length);
            w.put(10, sa);      // zero virtio header
            tap.write(w, 10 + sa.length);
            // collect data frames; ACK each so the window opens; stop at the first TSO frame
            byte[] tso = null;
            long deadline = System.currentTimeMillis() + 8000;
            int acked = isn + 1;
            while (tso == null && System.currentTimeMillis() < deadline) {
                byte[] d = await(tap, buf, 6, deadline);
                if (d == null) {
                    break;
                }
                if ((d[1] & 0x7f) == VirtioNetHdr.GSO_TCPV4) {
                    tso = d;
                    break;
                }
                byte[] df = Arrays.copyOfRange(d, 10, d.length);
                int pay = df.length - 34 - ((df[34 + 12] & 0xf0) >>> 2);
                if (pay > 0) {
                    acked = u32(df, 34 + 4) + pay;
                    ByteBuffer.wrap(sa, 34 + 4, 8).putInt(1001).putInt(acked);
                    sa[34 + 13] = ACK;
                    p16(sa, 34 + 16, 0);
                    p16(sa, 34 + 16, ~l4Sum(sa, 14, false, 6, 34, sa.length - 34) & 0xffff);
                    w.put(10, sa);
                    tap.write(w, 10 + sa.length);
                }
            }
            assertNotNull(tso, "no TSO frame from a real TCP connection");
            int gsoSize = VirtioNetHdr.le16(ByteBuffer.wrap(tso), 4);
            assertTrue(gsoSize > 0 && gsoSize <= 1360, "gso_size " + gsoSize);
            assertTrue(tso.length - 10 > 14 + 20 + 20 + gsoSize, "more than one segment");
            frames.clear();
            in = ByteBuffer.allocateDirect(tso.length);
            in.put(0, tso);
            int n = seg.process(in, tso.length);
            assertTrue(n >= 2, "segments: " + n);
            int seq = u32(Arrays.copyOfRange(tso, 10, tso.length), 34 + 4);
            for (byte[] x : frames) {
                assertTrue(verifies(x, x.length), "segment checksums verify");
                assertEquals(seq, u32(x, 34 + 4));
                int thl = (x[34 + 12] & 0xf0) >>> 2;
                int pay = x.length - 34 - thl;
                assertTrue(pay <= gsoSize);
                long off = Integer.toUnsignedLong(seq - (isn + 1));
                for (int i = 0; i < pay; i++) {
                    assertEquals((byte) ((off + i) % 251), x[34 + thl + i], "payload byte");
                }
                seq += pay;
            }
        } finally {
            if (app != null) {
                app.destroyForcibly();
            }
            if (tap != null) {
                tap.close();
            }
            run("ip", "netns", "delete", NS);
        }
    }
}
