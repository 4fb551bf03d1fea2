package atenet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atenet.it.netns.Proc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * (f) A node refuses to start on a chain whose bytes were changed on disk.
 * <pre>
 *   root ns (test JVM: flips one byte in DATA/chain/*.cq4) --veth 198.18.0.1/30 -- 198.18.0.2 [ns node: vswitch, stopped, started again]
 * </pre>
 * Proves: every chain entry is verified at start; a changed byte inside a key's label (issued with a
 * unique label, so its bytes can be found) makes the node exit 1 and name the bad entry
 * ("chain entry N") on stderr, instead of serving a forged key set.
 */
class TamperedChainIT extends OverlayTestBase {
    @Test
    void tamperedChainIsRefused() throws IOException {
        up(1);
        String label = "tamper-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
        node.issueKey(label);
        node.stop();

        byte[] needle = label.getBytes(StandardCharsets.UTF_8);
        Path chain = node.dataDir().resolve("chain");
        Path root = Files.isDirectory(chain) ? chain : node.dataDir();
        long flipped = -1;
        Path flippedIn = null;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".cq4")).toList()) {
                long at = indexOf(f, needle);
                if (at >= 0) {
                    flipped = at + needle.length / 2;
                    flippedIn = f;
                    flip(f, flipped);
                    break;
                }
            }
        }
        assertTrue(flippedIn != null, "label " + label + " not found in any .cq4 file under " + root + ": "
                + listing(root));

        Proc again = node.launch();
        assertEquals(1, again.exitCode(Duration.ofSeconds(60)), "exit code on a tampered chain (byte " + flipped + " of " + flippedIn + ")");
        assertTrue(again.stderr().contains("chain entry"), "stderr names the entry:\n" + again.output());
    }

    /** Offset of the first occurrence of {@code needle} in {@code f}, or -1 (streams; .cq4 files are sparse and large). */
    static long indexOf(Path f, byte[] needle) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            long base = 0; // file offset of buf[0]
            while (true) {
                int n = ch.read(buf);
                if (n <= 0 && buf.position() < needle.length) {
                    return -1;
                }
                byte[] a = buf.array();
                int len = buf.position();
                outer:
                for (int i = 0; i + needle.length <= len; i++) {
                    for (int j = 0; j < needle.length; j++) {
                        if (a[i + j] != needle[j]) {
                            continue outer;
                        }
                    }
                    return base + i;
                }
                if (n <= 0) {
                    return -1;
                }
                int keep = Math.min(len, needle.length - 1);
                System.arraycopy(a, len - keep, a, 0, keep);
                base += len - keep;
                buf.position(keep);
            }
        }
    }

    static void flip(Path f, long at) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, at);
            one.put(0, (byte) (one.get(0) ^ 0x01));
            one.rewind();
            ch.write(one, at);
            ch.force(true);
        }
    }

    private static List<String> listing(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(Path::toString).toList();
        }
    }
}
