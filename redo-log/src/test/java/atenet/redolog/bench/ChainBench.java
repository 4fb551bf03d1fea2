package atenet.redolog.bench;

import atenet.redolog.TestDirs;
import atenet.redolog.entry.AccessKeyIssued;
import atenet.redolog.entry.LogEntry;
import atenet.redolog.entry.LogEntryCodec;
import atenet.redolog.entry.NetworkCreated;
import atenet.redolog.entry.NetworkId;
import atenet.redolog.keys.Ed25519KeyPair;
import atenet.redolog.repl.ChainReplica;
import atenet.redolog.repl.RaftMember;
import atenet.redolog.repl.SubmitResult;
import atenet.redolog.store.Chain;

import java.net.InetAddress;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The chain's figures (a command, not a test: {@code bench/chain-bench.sh}):
 * <ul>
 *   <li>entries committed per second through Raft, with 1 and with 3 members (Ratis over gRPC on loopback, each
 *       member with its own Chronicle copy), sequential (one in flight) and pipelined (entries pre-signed on
 *       consecutive heads, all in flight at once);</li>
 *   <li>time to open (verify from genesis) a 100 000-entry chain, as a node does on start.</li>
 * </ul>
 */
public final class ChainBench {
    private ChainBench() {
    }

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int chainSize = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        System.out.printf("atenet chain benchmark (java %s, %d CPUs)%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        for (int members : new int[]{1, 3}) {
            double seq = commits(members, entries / 4, false);
            double pipe = commits(members, entries, true);
            System.out.printf("  Raft commits/s, %d member%s: sequential %8.0f   pipelined %8.0f%n", members,
                    members == 1 ? " " : "s", seq, pipe);
        }
        System.out.printf("  open + verify a %d-entry chain: %.2f s%n", chainSize, verifySeconds(chainSize));
    }

    /** Entries per second appended in every member's copy. */
    static double commits(int n, int count, boolean pipelined) throws Exception {
        Path root = Files.createTempDirectory("chain-bench-");
        Ed25519KeyPair operator = Ed25519KeyPair.generate();
        List<ChainReplica> rs = new ArrayList<>();
        try {
            Chain.create(root.resolve("m0"), operator, "bench").close();
            List<RaftMember> g = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    TestDirs.copy(root.resolve("m0"), root.resolve("m" + i));
                }
                g.add(new RaftMember(String.format("%016x", 0xb0 + i), "127.0.0.1:" + TestDirs.freePort()));
            }
            for (int i = 0; i < n; i++) {
                rs.add(ChainReplica.start(root.resolve("m" + i), g.get(i), g));
            }
            byte[] net = NetworkId.random().bytes();
            List<byte[]> signed = new ArrayList<>();
            try (Chain author = Chain.open(root.resolve("m0"))) {
                // the author signs a chain of entries on consecutive heads (each on the previous one's hash)
                LogEntry prev = author.entries().get(0);
                long seq = author.size();
                LogEntry e = LogEntryCodec.sign(seq++, System.currentTimeMillis(), prev.hash(),
                        new NetworkCreated(net, "bench", (Inet4Address) InetAddress.getByName("10.0.0.0"), 16, 1400), operator);
                signed.add(e.encoded());
                for (int i = 0; i < count; i++) {
                    byte[] key = new byte[32];
                    key[0] = (byte) (i >> 24);
                    key[1] = (byte) (i >> 16);
                    key[2] = (byte) (i >> 8);
                    key[3] = (byte) i;
                    key[4] = 1;
                    e = LogEntryCodec.sign(seq++, System.currentTimeMillis(), e.hash(), new AccessKeyIssued(net, key, "k" + i, 0), operator);
                    signed.add(e.encoded());
                }
            }
            ChainReplica front = rs.get(n - 1);
            SubmitResult first = front.submit(signed.get(0)).get(30, TimeUnit.SECONDS);
            if (!first.appended()) {
                throw new IllegalStateException(first.toString());
            }
            long t0 = System.nanoTime();
            if (pipelined) {
                List<CompletableFuture<SubmitResult>> fs = new ArrayList<>();
                for (byte[] s : signed.subList(1, signed.size())) {
                    fs.add(front.submit(s));
                }
                for (CompletableFuture<SubmitResult> f : fs) {
                    SubmitResult r = f.get(60, TimeUnit.SECONDS);
                    if (!r.appended()) {
                        throw new IllegalStateException(r.toString());
                    }
                }
            } else {
                for (byte[] s : signed.subList(1, signed.size())) {
                    SubmitResult r = front.submit(s).get(30, TimeUnit.SECONDS);
                    if (!r.appended()) {
                        throw new IllegalStateException(r.toString());
                    }
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return count / seconds;
        } finally {
            for (ChainReplica r : rs) {
                r.close();
            }
            TestDirs.delete(root);
        }
    }

    static double verifySeconds(int size) throws Exception {
        Path root = Files.createTempDirectory("chain-bench-verify-");
        try {
            Ed25519KeyPair operator = Ed25519KeyPair.generate();
            try (Chain c = Chain.create(root, operator, "bench")) {
                byte[] net = NetworkId.random().bytes();
                c.append(new NetworkCreated(net, "bench", (Inet4Address) InetAddress.getByName("10.0.0.0"), 16, 1400), operator);
                for (int i = 0; c.size() < size; i++) {
                    byte[] key = new byte[32];
                    key[0] = (byte) (i >> 24);
                    key[1] = (byte) (i >> 16);
                    key[2] = (byte) (i >> 8);
                    key[3] = (byte) i;
                    key[4] = 2;
                    c.append(new AccessKeyIssued(net, key, "k", 0), operator);
                }
            }
            long t0 = System.nanoTime();
            try (Chain c = Chain.open(root)) {
                if (c.size() != size) {
                    throw new IllegalStateException("opened " + c.size());
                }
            }
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            TestDirs.delete(root);
        }
    }

}
