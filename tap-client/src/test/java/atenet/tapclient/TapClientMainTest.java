package atenet.tapclient;

import atenet.wire.net.HostPort;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Unit: option validation; every bad input is one line on stderr and exit code 2, no stack trace. */
class TapClientMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return TapClientMain.run(args, env, new PrintStream(out, true), new PrintStream(err, true));
    }

    private String errLine() {
        String e = err.toString(StandardCharsets.UTF_8);
        assertFalse(e.contains("\tat ") || e.contains("Exception"), e);
        assertEquals(1, e.strip().lines().count(), e);
        return e.strip();
    }

    @Test
    void badCidr() {
        assertEquals(2, run(Map.of(), "--token", TestTokens.token().encode(), "--address", "10.0.0.300/24"));
        assertTrue(errLine().startsWith("tap-client: --address expects IPv4 CIDR"));
    }

    @Test
    void badServer() {
        assertEquals(2, run(Map.of(), "--token", TestTokens.token().encode(), "--server", "node-without-port"));
        assertTrue(errLine().startsWith("tap-client: --server expects HOST:PORT"));
    }

    @Test
    void badToken() {
        String good = TestTokens.token().encode();
        assertEquals(2, run(Map.of(), "--token", good.substring(0, good.length() - 3) + "AAA"));
        assertTrue(errLine().startsWith("tap-client: the token is corrupted"), errLine());
    }

    @Test
    void notAToken() {
        assertEquals(2, run(Map.of("ATENET_TOKEN", "hello")));
        assertTrue(errLine().contains("not an atenet access token"));
    }

    @Test
    void noToken() {
        assertEquals(2, run(Map.of()));
        assertEquals("tap-client: no access token: pass --token, --token-file or set ATENET_TOKEN", errLine());
    }

    @Test
    void tokenWithoutHintsAndWithoutServer() {
        var t = TestTokens.tokenWithoutHints();
        assertEquals(2, run(Map.of("ATENET_TOKEN", t.encode())));
        assertEquals("tap-client: the token has no node address (it was issued before any node served the network): "
                + "pass --server HOST:PORT of any node of the chain", errLine());
    }

    @Test
    void serverWorksWithAnyTokenEvenWithoutHints() {
        for (var t : List.of(TestTokens.tokenWithoutHints(), TestTokens.token())) {
            TapClientMain m = new TapClientMain(Map.of("ATENET_TOKEN", t.encode()), System.out, System.err);
            m.dev = "atn%d";
            m.server = "node.example:4790";
            TapClient.Config cfg = m.validate();
            assertEquals(List.of(new HostPort("node.example", 4790)), cfg.targets(), "--server replaces the hints");
            assertArrayEquals(t.chainId(), cfg.credentials().chainId());
            assertArrayEquals(t.operatorKey(), cfg.credentials().operatorKey());
        }
        // through the command line too: the old "the token names no node, so --server has no node key to use" is gone
        // (--mtu is checked after the node targets: its error proves the targets passed)
        assertEquals(2, run(Map.of(), "--token", TestTokens.tokenWithoutHints().encode(), "--server", "127.0.0.1:4790",
                "--mtu", "20"));
        String e = errLine();
        assertTrue(e.startsWith("tap-client: --mtu must be"), e);
        assertFalse(e.contains("node key") || e.contains("names no node") || e.contains("no node address"), e);
    }

    @Test
    void olderTokenFormatGetsAClearError() {
        assertEquals(2, run(Map.of(), "--token", "atn1_AAECAwQFBgcICQoLDA0ODw"));
        assertEquals("tap-client: this token is from an older atenet (atn1_): it pins node keys, which this version no "
                + "longer does; ask the operator for a new one (tok keys issue)", errLine());
    }

    @Test
    void tokenFileGivesTheTokensCredentials(@TempDir Path dir) throws Exception {
        var t = TestTokens.token();
        Path f = dir.resolve("token");
        Files.writeString(f, "  " + t.encode() + "\n");
        TapClientMain m = new TapClientMain(Map.of(), System.out, System.err);
        m.dev = "atn%d";
        m.tokenFile = f;
        TapClient.Config cfg = m.validate();
        assertArrayEquals(t.networkId(), cfg.credentials().networkId());
        assertArrayEquals(t.privateKey(), cfg.credentials().accessPrivateKey());
        // a missing file: see tokenFile() for the exact message
    }

    @Test
    void badMtuAndUnknownOption() {
        assertEquals(2, run(Map.of(), "--token", TestTokens.token().encode(), "--mtu", "20"));
        assertTrue(errLine().startsWith("tap-client: --mtu must be"));
        err.reset();
        assertEquals(2, run(Map.of(), "--frobnicate"));
        assertTrue(errLine().startsWith("tap-client: Unknown option"), errLine());
        err.reset();
        assertEquals(2, run(Map.of(), "--mtu", "abc"));
        errLine();
    }

    @Test
    void goodOptionsValidate() {
        TapClientMain m = new TapClientMain(Map.of("ATENET_TOKEN", TestTokens.token().encode()), System.out, System.err);
        m.dev = "atn%d";
        TapClient.Config cfg = m.validate();
        assertEquals("office", cfg.networkName());
        assertTrue(cfg.cidr().startsWith("10.7.0."), cfg.cidr());
        assertEquals(List.of(new HostPort("127.0.0.1", 4789)), cfg.targets(), "the token's hints");
        assertArrayEquals(TestTokens.CHAIN_ID, cfg.credentials().chainId());
        assertArrayEquals(TestTokens.OPERATOR_KEY, cfg.credentials().operatorKey());
    }

    @Test
    void tokenFile() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("token-file");
        java.nio.file.Path f = dir.resolve("first-token.txt");
        java.nio.file.Files.writeString(f, "\n  " + TestTokens.token().encode() + "  \n");
        TapClientMain m = new TapClientMain(Map.of(), new PrintStream(out, true), new PrintStream(err, true));
        new CommandLine(m).parseArgs("--token-file", f.toString());
        assertNotNull(m.validate(), "read and stripped like --token");

        assertEquals(2, run(Map.of(), "--token-file", dir.resolve("missing").toString()));
        assertEquals("tap-client: --token-file " + dir.resolve("missing") + " does not exist", errLine());
        err.reset();
        java.nio.file.Path empty = dir.resolve("empty");
        java.nio.file.Files.writeString(empty, " \n");
        assertEquals(2, run(Map.of(), "--token-file", empty.toString()));
        assertEquals("tap-client: --token-file " + empty + " is empty", errLine());
        err.reset();
        assertEquals(2, run(Map.of(), "--token-file", dir.toString()));
        assertTrue(errLine().startsWith("tap-client: cannot read --token-file " + dir), errLine());
        err.reset();
        assertEquals(2, run(Map.of(), "--token", TestTokens.token().encode(), "--token-file", f.toString()));
        assertEquals("tap-client: give either --token or --token-file, not both", errLine());
    }
}
