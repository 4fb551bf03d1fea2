package atenet.tapclient;

import atenet.wire.net.Ipv4Cidr;
import atenet.wire.net.HostPort;
import atenet.tap.jna.LinuxTun;
import atenet.wire.io.SecretFile;
import atenet.wire.token.AccessToken;
import atenet.wire.token.TokenFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code tap-client}: joins this machine to an atenet network through a TAP device.
 *
 * <p>Exit codes: 0 clean stop (SIGTERM/SIGINT), 1 runtime error, 2 bad arguments or token, 3 refused by the node.
 */
@Command(name = "tap-client", mixinStandardHelpOptions = true, version = "tap-client 0.1.0",
        description = "Joins an atenet network through a Linux TAP device.")
public final class TapClientMain implements Callable<Integer> {
    public static final int EXIT_OK = 0;
    public static final int EXIT_RUNTIME = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_REFUSED = 3;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Access token (atn2_...). Also read from --token-file or env ATENET_TOKEN, which ps does not show.")
    String token;
    @Option(names = "--token-file", paramLabel = "FILE", description = "File that holds the access token (e.g. the node's DATA/first-token.txt).")
    Path tokenFile;
    @Option(names = "--dev", paramLabel = "NAME", defaultValue = "atn%d", description = "TAP device name; %%d lets the kernel pick a number (default: ${DEFAULT-VALUE}).")
    String dev;
    @Option(names = "--address", paramLabel = "CIDR", description = "IPv4 address/prefix of the interface (default: derived from the key).")
    String address;
    @Option(names = "--server", paramLabel = "HOST:PORT", description = "Node to start at instead of the token's node hints; any node of the token's chain (it proves itself with its operator-signed certificate).")
    String server;
    @Option(names = "--mtu", paramLabel = "N", description = "TAP MTU (default: min(1428 over IPv4 / 1408 over IPv6, the node's advice)).")
    Integer mtu;
    @Option(names = "--no-offload", description = "Open the TAP without offloads (no virtio header, no TSO/GRO): one frame per read and write.")
    boolean noOffload;
    @Option(names = "--no-udp-offload", description = "Send and receive one UDP datagram per system call (no UDP GSO/GRO batching).")
    boolean noUdpOffload;
    @Option(names = "--verbose", description = "Print counters every 60 s and at exit.")
    boolean verbose;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    /** Set once main has decided the exit code, so that the shutdown hook does not override it. */
    private volatile boolean exitDecided;

    TapClientMain(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        TapClientMain main = new TapClientMain(System.getenv(), System.out, System.err);
        int code = main.execute(args);
        main.exitDecided = true;
        System.exit(code);
    }

    /** Parses, validates and runs; returns the exit code. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return new TapClientMain(env, out, err).execute(args);
    }

    private int execute(String[] args) {
        CommandLine cl = new CommandLine(this);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("tap-client: " + ex.getMessage() + " (see --help)");
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, r) -> {
            err.println("tap-client: " + ex);
            return EXIT_RUNTIME;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        TapClient.Config cfg;
        try {
            cfg = validate();
        } catch (IllegalArgumentException e) {
            err.println("tap-client: " + e.getMessage());
            return EXIT_USAGE;
        }
        LinuxTun tap;
        try {
            tap = LinuxTun.create(dev, !noOffload, err::println);
        } catch (LinuxTun.TapException | IllegalArgumentException e) {
            err.println("tap-client: " + e.getMessage());
            return EXIT_RUNTIME;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            err.println("tap-client: cannot load libc through JNA: " + e.getMessage());
            return EXIT_RUNTIME;
        }
        out.println("tap-client: created TAP device " + tap.name() + (tap.vnetHeaderLen() > 0 ? " (offloads: csum, tso4, tso6)" : ""));
        TapClient client = new TapClient(cfg, tap, new IpCommand(), out, err);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            client.stop();
            out.flush();
            err.flush();
            if (!exitDecided) {
                Runtime.getRuntime().halt(EXIT_OK);   // SIGTERM/SIGINT is a clean stop: 0, not 143/130
            }
        }, "atn-shutdown"));
        try {
            client.start();
        } catch (IllegalStateException e) {
            err.println("tap-client: " + e.getMessage());
            return EXIT_RUNTIME;
        }
        return client.exit().join();
    }

    /** Checks every option and the token; @throws IllegalArgumentException with one line for the user. */
    TapClient.Config validate() {
        String text = token;
        if (token != null && tokenFile != null) {
            throw new IllegalArgumentException("give either --token or --token-file, not both");
        }
        if (tokenFile != null) {
            text = SecretFile.read("--token-file", tokenFile);
        }
        if (text == null) {
            text = env.get("ATENET_TOKEN");
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no access token: pass --token, --token-file or set ATENET_TOKEN");
        }
        AccessToken t;
        try {
            t = AccessToken.decode(text);
        } catch (TokenFormatException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (t.expiresAtMillis() != 0 && t.expiresAtMillis() < System.currentTimeMillis()) {
            throw new IllegalArgumentException("the token expired at " + java.time.Instant.ofEpochMilli(t.expiresAtMillis()));
        }
        if (dev == null || dev.isEmpty() || dev.length() > 15 || !dev.matches("[A-Za-z0-9_.%-]+")) {
            throw new IllegalArgumentException("--dev must be 1-15 characters [A-Za-z0-9_.-] (with an optional %d), got '" + dev + "'");
        }
        HostPort serverHp = server == null ? null : HostPort.parse("--server", server);
        List<HostPort> targets = new ArrayList<>();
        if (serverHp != null) {
            targets.add(serverHp);
        } else {
            for (java.net.InetSocketAddress h : t.hints()) {
                targets.add(HostPort.of(h));
            }
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("the token has no node address (it was issued before any node served the network): "
                    + "pass --server HOST:PORT of any node of the chain");
        }
        boolean v6 = serverHp == null ? AccessToken.isIpv6(t.hints().get(0)) : serverHp.host().contains(":");
        if (mtu != null) {
            String warning = MtuPolicy.checkOverride(mtu, v6);
            if (warning != null) {
                err.println(warning);
            }
        }
        Ipv4Cidr cidr = address != null ? Ipv4Cidr.parse("--address", address)
                : AddressPlan.derive(Ipv4Cidr.of(t.subnetAddress(), t.subnetPrefix()), t.keyId());
        return new TapClient.Config(t.networkName(),
                new ClientEngine.Credentials(t.chainId(), t.operatorKey(), t.networkId(), t.privateKey()), targets, cidr.toString(),
                mtu == null ? 0 : mtu, verbose, !noUdpOffload);
    }
}
