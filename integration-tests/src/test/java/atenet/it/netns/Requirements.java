package atenet.it.netns;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Skips (not fails) integration tests on machines that cannot run them. */
public final class Requirements {
    private Requirements() {
    }

    /** Root, the {@code ip} tool and /dev/net/tun; plus the given extra tools on the PATH. */
    public static void assumeNetns(String... tools) {
        String user = System.getProperty("user.name");
        boolean root = "root".equals(user) || isUid0();
        assumeTrue(root, "integration tests skipped: they need root (ip netns, veth, TAP); running as " + user);
        assumeTrue(Sh.has("ip"), "integration tests skipped: no 'ip' tool (apt-get install iproute2)");
        assumeTrue(Files.exists(Path.of("/dev/net/tun")), "integration tests skipped: no /dev/net/tun");
        for (String t : tools) {
            assumeTrue(Sh.has(t), "integration test skipped: no '" + t + "' on the PATH (./run-tests installs it as root)");
        }
    }

    private static boolean isUid0() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return false;
    }
}
