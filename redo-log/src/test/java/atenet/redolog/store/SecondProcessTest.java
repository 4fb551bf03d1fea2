package atenet.redolog.store;

import atenet.redolog.entry.LogEntry;
import atenet.redolog.ops.ChainBootstrap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Layer: two real JVM processes on one chain directory. */
class SecondProcessTest {
    @TempDir
    Path dir;

    @Test
    void pollSeesEntryAppendedByAnotherJvm() throws Exception {
        try (Chain c = ChainBootstrap.init(dir, "default", "10.250.0.0/24")) {
            assertTrue(c.poll().isEmpty());
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (a.startsWith("--add-") || a.startsWith("--enable-native") || a.startsWith("--sun-misc") || a.startsWith("-Dchronicle")) {
                    cmd.add(a);
                }
            }
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(SecondProcessAppend.class.getName());
            cmd.add(dir.toString());
            cmd.add("from-other-jvm");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "second JVM timed out");
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.exitValue(), out);
            List<LogEntry> seen = c.poll();
            assertEquals(1, seen.size(), out);
            assertTrue(c.state().networkByName("from-other-jvm").isPresent());
            // and this process can still append after it, without forking
            atenet.redolog.ops.Networks.create(c, atenet.redolog.keys.KeyFiles.operatorKey(dir), "after", "10.78.0.0/24", 1400);
        }
        try (Chain c = Chain.open(dir)) {
            assertEquals(4, c.size());
        }
    }
}
