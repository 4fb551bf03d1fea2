package atenet.tap.jna;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Layer: real kernel. Creates a TAP device, moves it into a temporary namespace, checks it is there, then closes
 * the fd and checks that the device went away. Skipped without root or /dev/net/tun. Always deletes the namespace.
 */
class LinuxTunTest {
    static final String NS = "atn-tc-test";

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return p.exitValue() + ":" + out;
    }

    @Test
    void createsAndRemovesATapDevice() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/net/tun")), "no /dev/net/tun");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "not root");
        Assumptions.assumeTrue(run("ip", "netns", "add", NS).startsWith("0:"), "cannot create a namespace");
        LinuxTun tap = null;
        try {
            tap = LinuxTun.create("atntest%d");
            String name = tap.name();
            assertTrue(name.matches("atntest\\d+"), name);
            // a second device with the same name is refused with a clear message
            LinuxTun.TapException e = assertThrows(LinuxTun.TapException.class, () -> LinuxTun.create(name));
            assertTrue(e.getMessage().contains("taken"), e.getMessage());
            assertTrue(run("ip", "link", "set", "dev", name, "netns", NS).startsWith("0:"));
            assertTrue(run("ip", "-n", NS, "link", "show", name).startsWith("0:"));
            // non-blocking: nothing to read
            ByteBuffer buf = ByteBuffer.allocateDirect(2048);
            assertEquals(-1, tap.read(buf));
            assertFalse(tap.awaitReadable(10));
            tap.close();
            tap = null;
            assertFalse(run("ip", "-n", NS, "link", "show", name).startsWith("0:"), "device still there after close");
        } finally {
            if (tap != null) {
                tap.close();
            }
            run("ip", "netns", "delete", NS);
        }
    }
}
