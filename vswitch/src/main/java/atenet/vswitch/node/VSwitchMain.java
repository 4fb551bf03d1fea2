package atenet.vswitch.node;

import atenet.wire.net.HostPort;
import atenet.vswitch.chain.ChainService;
import atenet.vswitch.chain.NodeSetupException;
import atenet.vswitch.chain.StartupReport;
import atenet.wire.io.SecretFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import atenet.vswitch.fabric.FabricJoin;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code vswitch}: one switch node. Creates a chain with a default network and a first access key
 * when the data directory has none, verifies the chain, binds the UDP data plane, follows the
 * chain, and serves /status and /metrics on the admin address.
 */
@Command(name = "vswitch", mixinStandardHelpOptions = true, version = "atenet vswitch 0.1.0",
        description = "Runs an atenet switch node.")
public final class VSwitchMain implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", description = "data directory (chain, keys); default ./data")
    Path dataDir = Path.of("data");

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "UDP address to bind; default 0.0.0.0:4789")
    String listen = "0.0.0.0:" + NodeOptions.DEFAULT_UDP_PORT;

    @Option(names = "--advertise", paramLabel = "HOST:PORT",
            description = "UDP endpoint clients should use (written to the chain and into tokens); default: the listen address, or this host's first IPv4 address")
    String advertise;

    @Option(names = "--admin", paramLabel = "HOST:PORT", description = "HTTP address for /status and /metrics; default 127.0.0.1:4790")
    String admin = "127.0.0.1:" + NodeOptions.DEFAULT_ADMIN_PORT;

    @Option(names = "--admin-token-file", paramLabel = "FILE",
            description = "file holding the admin API token (then every request needs 'Authorization: Bearer <token>'); required when --admin is not a loopback address")
    Path adminTokenFile;

    @Option(names = "--raft-listen", paramLabel = "HOST:PORT",
            description = "address of this node's member of the chain's Raft group; default 127.0.0.1 and the --admin port + 1 (4791)")
    String raftListen;

    @Option(names = "--join", paramLabel = "ENROLMENT_TOKEN",
            description = "on a new server: join the fabric of the chain this token (tok nodes add) is for; once, with an empty --data")
    String join;

    @Option(names = "--name", description = "node name used when the node enrols itself; default: the host name")
    String name;

    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch stopped = new CountDownLatch(1);

    VSwitchMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the node (returns when it stops or fails to start); the exit code. */
    static int run(PrintStream out, PrintStream err, String... args) {
        VSwitchMain main = new VSwitchMain(out, err);
        CommandLine cl = new CommandLine(main);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("vswitch: " + ex.getMessage() + " (try 'vswitch --help')");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            err.println("vswitch: " + ex.getMessage());
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        NodeOptions options;
        try {
            InetSocketAddress listenAddr = Endpoints.parse("--listen", listen);
            InetSocketAddress adminAddr = Endpoints.parse("--admin", admin);
            InetSocketAddress adv = advertise == null ? null : Endpoints.parse("--advertise", advertise);
            String raftText = raftListen != null ? raftListen : rememberedRaftAddress(dataDir.toAbsolutePath().normalize());
            InetSocketAddress raftAddr = raftText == null ? NodeOptions.defaultRaft(adminAddr) : Endpoints.parse("--raft-listen", raftText);
            if (raftAddr.getPort() == 0) {
                throw new IllegalArgumentException("--raft-listen needs a port (other members and tok reach it there), not 0");
            }
            options = new NodeOptions(dataDir.toAbsolutePath().normalize(), listenAddr, adv, adminAddr,
                    name != null ? name : hostName(), adminToken(adminAddr), raftAddr);
        } catch (IllegalArgumentException e) {
            err.println("vswitch: " + e.getMessage());
            return 2;
        }
        return run(options);
    }

    /**
     * Where this node's Raft member listened last, from DATA/raft-members, so that a member of a fabric restarts with
     * --data alone; null for a lone node or a new directory.
     */
    static String rememberedRaftAddress(java.nio.file.Path data) {
        try {
            if (!java.nio.file.Files.isRegularFile(data.resolve(atenet.redolog.keys.KeyFiles.NODE_KEY))) {
                return null;
            }
            String self = java.util.HexFormat.of().toHexDigits(atenet.redolog.keys.KeyFiles.readOrCreateNodeKeys(data).nodeId());
            var members = atenet.redolog.repl.RaftMembersFile.read(data).orElse(java.util.List.of());
            if (members.size() < 2) {
                return null;
            }
            return members.stream().filter(m -> m.nodeId().equals(self)).map(atenet.redolog.repl.RaftMember::address).findFirst().orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The admin token from --admin-token-file; null on loopback without one. @throws IllegalArgumentException */
    private String adminToken(InetSocketAddress adminAddr) {
        if (adminTokenFile != null) {
            return SecretFile.read("--admin-token-file", adminTokenFile);
        }
        if (adminAddr.getAddress() == null || !adminAddr.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("--admin " + HostPort.format(adminAddr) + " is not a loopback address:"
                    + " give --admin-token-file FILE too, so that only holders of the token reach the admin API");
        }
        return null;
    }

    private int run(NodeOptions options) {
        try (DataDirLock lock = DataDirLock.acquire(options.dataDir())) {
            return runLocked(options);
        } catch (NodeSetupException e) {
            err.println("vswitch: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("vswitch: cannot use data directory " + options.dataDir() + ": " + e.getMessage());
            return 1;
        }
    }

    private int runLocked(NodeOptions options) {
        if (join != null) {
            try {
                FabricJoin.prepare(options.dataDir(), join, HostPort.format(options.raft()));
            } catch (IllegalStateException e) {
                err.println("vswitch: " + e.getMessage());
                return 1;
            }
            out.println("vswitch: copied and verified the chain of the fabric; joining it as node " + nodeIdOf(options.dataDir()));
        }
        InetSocketAddress advertised = options.advertise() != null ? options.advertise()
                : Endpoints.advertisable(options.listen(), options.listen().getPort());
        Node node = new Node(options, advertised);
        StartupReport report;
        try {
            report = node.start();
        } catch (Node.StartException e) {
            err.println("vswitch: " + e.getMessage());
            return 1;
        }
        printWelcome(options, advertised, report, node.adminUrl());
        installShutdown(node);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            node.close();
            return 1;
        }
        return 0;
    }

    private static String nodeIdOf(java.nio.file.Path dataDir) {
        return java.util.HexFormat.of().toHexDigits(atenet.redolog.keys.KeyFiles.readOrCreateNodeKeys(dataDir).nodeId());
    }

    private void installShutdown(Node node) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
            err.println("vswitch: stopped");
            err.flush();
            // Everything is closed: exit 0 (a clean stop) rather than the JVM's 143 for SIGTERM,
            // so service managers see a normal stop.
            Runtime.getRuntime().halt(0);
        }, "atenet-shutdown"));
    }

    void printWelcome(NodeOptions options, InetSocketAddress advertised, StartupReport r, String adminUrl) {
        String data = options.dataDir().toString();
        if (r.createdChain()) {
            out.println("vswitch: created a new chain in " + data + " (chain " + r.chainIdHex() + ") with network "
                    + String.join(", ", r.networks()));
            Path tokenFile = options.dataDir().resolve(ChainService.FIRST_TOKEN_FILE);
            out.println("vswitch: access key " + r.firstKeyId() + " issued for network " + ChainService.DEFAULT_NETWORK
                    + ", expires " + Instant.ofEpochMilli(r.firstKeyExpiresAt()) + "; its token (saved in " + tokenFile
                    + ", mode 600):");
            out.println(r.firstToken());
            out.println("vswitch: join from a Linux machine, as root, with the token in a file (never on a command line):");
            out.println("    bin/tap-client --token-file " + tokenFile + " --server " + HostPort.format(advertised));
            out.println("vswitch: (or ATENET_TOKEN=$(cat FILE) bin/tap-client --server " + HostPort.format(advertised)
                    + "; issue more keys with bin/tok keys issue)");
        } else {
            out.println("vswitch: chain " + r.chainIdHex() + " verified (" + r.entries() + " entries); networks "
                    + String.join(", ", r.networks()));
            out.println("vswitch: issue an access key with: bin/tok keys issue --data " + data + " --network "
                    + ChainService.DEFAULT_NETWORK);
        }
        out.println("vswitch: node " + r.nodeIdHex() + ", admin " + adminUrl + " (bin/tok status --data " + data + ")");
        out.println("vswitch: listening on udp " + HostPort.format(options.listen()) + ", advertised as "
                + HostPort.format(advertised));
        out.flush();
    }

    private static String hostName() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            return h.length() > 64 ? h.substring(0, 64) : h;
        } catch (IOException e) {
            return "node";
        }
    }
}
