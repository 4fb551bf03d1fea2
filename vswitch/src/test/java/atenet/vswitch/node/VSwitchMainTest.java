package atenet.vswitch.node;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Layer: unit (the CLI in-process). Bad arguments give one line and exit 2, before anything is created. */
class VSwitchMainTest {
    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {
    }

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = VSwitchMain.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void assertUsageError(Result r, String contains) {
        assertEquals(2, r.code, r.err);
        String[] lines = r.err.strip().split("\\R");
        assertEquals(1, lines.length, r.err);
        assertTrue(lines[0].startsWith("vswitch: ") && lines[0].contains(contains), r.err);
        assertFalse(r.err.contains("Exception"), r.err);
    }

    @Test
    void badListenAddress() {
        Path data = tmp.resolve("data");
        assertUsageError(run("--data", data.toString(), "--listen", "4789"), "--listen expects HOST:PORT");
        assertFalse(Files.exists(data), "nothing is created for a bad command line");
    }

    @Test
    void badAdminPort() {
        assertUsageError(run("--data", tmp.toString(), "--admin", "127.0.0.1:99999"), "port must be 1-65535");
    }

    @Test
    void unknownOption() {
        assertUsageError(run("--bogus"), "Unknown option");
    }

    @Test
    void helpPrintsUsage() {
        Result r = run("--help");
        assertEquals(0, r.code);
        assertTrue(r.out.contains("--listen") && r.out.contains("--advertise"), r.out);
    }

    @Test
    void aSecondNodeOnTheSameDataDirectoryIsRefused() throws Exception {
        Path data = tmp.resolve("data");
        try (DataDirLock held = DataDirLock.acquire(data)) {
            Result r = run("--data", data.toString(), "--listen", "127.0.0.1:4789");
            assertEquals(1, r.code, r.err);
            assertTrue(r.err.startsWith("vswitch: another vswitch is running on " + data), r.err);
            assertFalse(Files.exists(data.resolve("chain")), "nothing is written to a directory another node holds");
        }
    }

    @Test
    void theWelcomeNeverPutsTheTokenOnACommandLine() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VSwitchMain main = new VSwitchMain(new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        java.net.InetSocketAddress adv = new java.net.InetSocketAddress("192.0.2.10", 4789);
        NodeOptions o = new NodeOptions(tmp, new java.net.InetSocketAddress("0.0.0.0", 4789), adv,
                new java.net.InetSocketAddress("127.0.0.1", 4790), "n", null);
        main.printWelcome(o, adv, new atenet.vswitch.chain.StartupReport(true, "ab", 4, "cd", "atn1_SECRET", "ef",
                1_900_000_000_000L, java.util.List.of("default (10.250.0.0/24)")), "http://127.0.0.1:4790");
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("bin/tap-client --token-file " + tmp.resolve("first-token.txt") + " --server 192.0.2.10:4789"), text);
        assertTrue(text.contains("expires 2030-03-17T17:46:40Z"), text);
        for (String line : text.split("\\R")) {
            assertFalse(line.contains("tap-client") && line.contains("atn1_SECRET"), line);
        }
    }

    @Test
    void anAdminAddressOffLoopbackNeedsATokenFile() throws Exception {
        Path data = tmp.resolve("data");
        assertUsageError(run("--data", data.toString(), "--admin", "0.0.0.0:4790"),
                "--admin 0.0.0.0:4790 is not a loopback address: give --admin-token-file FILE");
        assertFalse(Files.exists(data), "nothing is created");
        Path empty = tmp.resolve("admin.token");
        Files.writeString(empty, "\n");
        assertUsageError(run("--data", data.toString(), "--admin", "0.0.0.0:4790", "--admin-token-file", empty.toString()),
                "--admin-token-file " + empty + " is empty");
        assertUsageError(run("--data", data.toString(), "--admin-token-file", tmp.resolve("missing").toString()),
                "does not exist");
    }

    @Test
    void aMemberOfAFabricRestartsOnTheRaftAddressItHad() {
        Path data = tmp.resolve("member");
        assertNull(VSwitchMain.rememberedRaftAddress(data), "a new directory: the default");
        String self = java.util.HexFormat.of().toHexDigits(atenet.redolog.keys.KeyFiles.readOrCreateNodeKeys(data).nodeId());
        atenet.redolog.repl.RaftMembersFile.write(data, java.util.List.of(new atenet.redolog.repl.RaftMember(self, "198.18.10.2:4791")));
        assertNull(VSwitchMain.rememberedRaftAddress(data), "a lone node: the default");
        atenet.redolog.repl.RaftMembersFile.write(data, java.util.List.of(
                new atenet.redolog.repl.RaftMember("00000000000000a1", "198.18.10.1:4791"),
                new atenet.redolog.repl.RaftMember(self, "198.18.10.2:4791")));
        assertEquals("198.18.10.2:4791", VSwitchMain.rememberedRaftAddress(data));
    }
}
