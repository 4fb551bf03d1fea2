package atenet.vswitch.chain;

import atenet.redolog.entry.NodeEnrolled;
import atenet.redolog.entry.NodeJoined;
import atenet.redolog.keys.Ed25519KeyPair;
import atenet.redolog.keys.KeyFiles;
import atenet.redolog.keys.NodeKeys;
import atenet.redolog.ops.ChainBootstrap;
import atenet.redolog.ops.Durations;
import atenet.redolog.ops.IssuedKey;
import atenet.redolog.ops.KeyIssuer;
import atenet.redolog.state.ChainState;
import atenet.redolog.state.Membership;
import atenet.redolog.state.NetworkRecord;
import atenet.redolog.state.NodeRecord;
import atenet.redolog.store.Chain;
import atenet.redolog.store.HighWaterMark;
import atenet.redolog.repl.ChainReplica;
import atenet.redolog.repl.ChainWriter;
import atenet.redolog.repl.RaftMember;
import atenet.redolog.repl.ReplicatedWriter;
import atenet.redolog.repl.SubmitResult;
import atenet.wire.net.HostPort;
import atenet.vswitch.udp.Admission;
import atenet.vswitch.udp.NodeIdentity;
import atenet.redolog.entry.LogEntry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Owns the node's {@link Chain} on one thread ("atenet-chain"), because Chronicle appenders and
 * tailers are thread-confined.
 *
 * <pre>
 * open():   create the chain on first run (operator key, network "default"), verify it, refuse it
 *           if it is shorter than or diverges from the highest entry this node verified before
 *           ({@link HighWaterMark}, outside the data directory), enrol this node if the operator key is at hand.
 * join():   (once the sockets are bound) join every network with the advertised UDP endpoint;
 *           on first run issue the first access key, whose token names this node.
 * every 100 ms: poll() the queue for entries appended by other processes (tok), verify them,
 *           join networks created since, rebuild the Admission snapshot and hand it to the
 *           data plane — so a revocation cuts a live session well within a second.
 * </pre>
 * <b>Fails closed.</b> When a poll fails (an entry that does not verify, an unreadable queue), the node does not go
 * on serving the old key list as if nothing happened: it hands the data plane a snapshot with a
 * {@linkplain Admission#refusal() refusal} (no new session is admitted; keys revoked before the bad entry still cut
 * their sessions), prints one line on stderr and reports the reason in {@link #refusal()} (for /healthz). A
 * {@code Chain} stays broken after a failure, so the refusal stays until the node is restarted on a chain that
 * verifies.
 * <p>
 * <b>A removed node stops serving.</b> When the chain removes this node (NODE_REMOVED), {@link #open()} refuses to
 * start; while running, the data plane gets a snapshot without keys and with a refusal: every session ends and no
 * HELLO is admitted. The node's key can never be enrolled again.
 */
public final class ChainService implements AutoCloseable {
    public static final long POLL_MILLIS = 100;
    public static final String DEFAULT_NETWORK = "default";
    public static final String DEFAULT_SUBNET = "10.250.0.0/24";
    public static final String FIRST_TOKEN_FILE = FirstToken.FILE;

    private final Path dataDir;
    private final InetSocketAddress advertised;
    private final String nodeName;
    private final InetSocketAddress raftAddress;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "atenet-chain");
        t.setDaemon(true);
        return t;
    });
    private Chain chain;
    /** This node's member of the chain's Raft group; every write of this node goes through it. */
    private ChainReplica replica;
    private ChainWriter writer;
    private NodeKeys nodeKeys;
    private AdmissionBuilder admissionBuilder;
    /** This start created the chain (first run). */
    private boolean fresh;
    private volatile long entries;
    private volatile String chainIdHex = "";
    private volatile String pollError;
    /** Set on the chain thread when close() begins: a poll after that must not read a closed Chain. */
    private boolean closing;
    /** Null while serving normally, else why the node admits no session; set once, on the chain thread. */
    private volatile String refusal;

    /** @param raftAddress where this node's Raft member listens (a lone node: a one-member group) */
    public ChainService(Path dataDir, InetSocketAddress advertised, String nodeName, InetSocketAddress raftAddress) {
        this.dataDir = dataDir;
        this.advertised = advertised;
        this.nodeName = nodeName;
        this.raftAddress = raftAddress;
    }

    /**
     * Opens (or on first run creates) and verifies the chain, and enrols this node; blocks until done. Nothing
     * that says where the node listens is written yet: see {@link #join()}.
     */
    public void open() {
        call(() -> {
            openOnThread();
            return null;
        });
    }

    /**
     * Once the node's sockets are bound: joins every network with the advertised endpoint and, on first run,
     * issues the first access key (whose token names this node); blocks until done.
     */
    public StartupReport join() {
        return call(this::joinOnThread);
    }

    /** The X25519 private key of this node; valid after {@link #open()}. */
    public NodeKeys nodeKeys() {
        return nodeKeys;
    }

    /**
     * What the data plane proves itself with: this node's X25519 key, the chain id and the node's certificate
     * (its operator-signed NODE_ENROLLED entry); valid after {@link #open()}.
     */
    public NodeIdentity nodeIdentity() {
        return call(() -> {
            long nodeId = nodeKeys.nodeId();
            for (LogEntry e : chain.entries()) {
                if (e.body() instanceof NodeEnrolled n && n.nodeId() == nodeId) {
                    return new NodeIdentity(nodeKeys.x25519Private(), chain.chainId(), e.encoded());
                }
            }
            throw new NodeSetupException("this node (id " + HexFormat.of().toHexDigits(nodeId)
                    + ") has no enrolment entry in the chain; it cannot prove itself to clients");
        });
    }

    /** The current admission snapshot; valid after {@link #open()}. */
    public Admission admission() {
        return call(() -> admissionBuilder.build(chain.state()));
    }

    /** Starts polling the chain; every change is handed to {@code onChange} as a new snapshot. */
    public void follow(Consumer<Admission> onChange) {
        thread.scheduleWithFixedDelay(() -> followOnce(onChange), POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** One poll on the chain thread. Never throws (an exception would end the schedule). */
    private void followOnce(Consumer<Admission> onChange) {
        if (refusal != null || closing) {
            return;                                     // broken for good (nothing more to read), or closed
        }
        try {
            if (chain.poll().isEmpty()) {
                return;
            }
        } catch (RuntimeException e) {
            String why = "the chain no longer verifies: " + e.getMessage();
            refuse(why, "admitting no new sessions", admissionBuilder.build(chain.state(), why), onChange);
            return;
        }
        entries = chain.state().lastSequence() + 1;
        if (isRemoved(chain.state())) {
            String why = "this node (id " + HexFormat.of().toHexDigits(nodeKeys.nodeId()) + ") was removed from the chain";
            refuse(why, "ending every session and admitting none", admissionBuilder.removed(chain.state(), why), onChange);
            return;
        }
        try {
            joinNetworks(chain.state());
            pollError = null;
        } catch (RuntimeException e) {
            if (pollError == null) {
                System.err.println("vswitch: cannot join the chain's networks: " + e.getMessage());
            }
            pollError = e.getMessage();
        }
        onChange.accept(admissionBuilder.build(chain.state()));
    }

    /** Hands the data plane a refusing snapshot, prints why once, and remembers it for /healthz. */
    private void refuse(String reason, String consequence, Admission snapshot, Consumer<Admission> onChange) {
        refusal = reason;
        pollError = reason;
        System.err.println("vswitch: " + reason + "; " + consequence);
        System.err.flush();
        onChange.accept(snapshot);
    }

    private boolean isRemoved(ChainState state) {
        return state.node(nodeKeys.nodeId()).map(NodeRecord::removed).orElse(false);
    }

    /**
     * Submits an entry an author signed elsewhere ({@code tok}, through the admin API) to the chain's Raft group.
     * Thread-safe; completes with the group's answer (every member re-verifies it).
     */
    public CompletableFuture<SubmitResult> submit(byte[] signedEntry) {
        ChainReplica r = replica;
        if (r == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the chain's Raft member is not running"));
        }
        return r.submit(signedEntry);
    }

    /** This node's Raft role (LEADER, FOLLOWER, CANDIDATE) and last applied Raft index, for /status. */
    public RaftStatus raftStatus() {
        ChainReplica r = replica;
        return r == null ? new RaftStatus("DOWN", -1, "") : new RaftStatus(r.role(), r.appliedIndex(), HostPort.format(raftAddress));
    }

    /** @param address where this node's Raft member listens */
    public record RaftStatus(String role, long appliedIndex, String address) {
    }

    public String chainIdHex() {
        return chainIdHex;
    }

    public long entries() {
        return entries;
    }

    /** Null while the chain is followed without trouble, else the last error. */
    public String pollError() {
        return pollError;
    }

    /**
     * Null while the node serves normally; otherwise why it admits no session (the chain stopped verifying, or
     * this node was removed). Thread-safe, for /healthz.
     */
    public String refusal() {
        return refusal;
    }

    private void openOnThread() {
        fresh = !Chain.exists(dataDir);
        chain = fresh ? ChainBootstrap.init(dataDir, DEFAULT_NETWORK, DEFAULT_SUBNET) : Chain.open(dataDir);
        chain.guardRollback(new HighWaterMark(HighWaterMark.defaultDir(System.getenv())));
        nodeKeys = KeyFiles.readOrCreateNodeKeys(dataDir);
        admissionBuilder = new AdmissionBuilder();
        RaftMember self = new RaftMember(HexFormat.of().toHexDigits(nodeKeys.nodeId()), HostPort.format(raftAddress));
        try {
            replica = ChainReplica.start(dataDir, self, List.of(self));
        } catch (IOException | RuntimeException e) {
            throw new NodeSetupException("cannot start the chain's Raft member on " + self.address() + " (--raft-listen): "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        writer = new ReplicatedWriter(chain, replica::submit);
        enrol(chain.state());
    }

    private StartupReport joinOnThread() throws IOException {
        joinNetworks(chain.state());
        String token = null;
        String keyId = null;
        long firstKeyExpires = 0;
        if (fresh) {
            long expiresAt = System.currentTimeMillis() + Durations.parse(Durations.DEFAULT_KEY_LIFETIME).toMillis();
            IssuedKey issued = KeyIssuer.issue(writer, KeyFiles.operatorKey(dataDir), DEFAULT_NETWORK, "first key", expiresAt, false);
            token = issued.token();
            keyId = issued.record().idHex();
            firstKeyExpires = expiresAt;
            FirstToken.write(dataDir, token);
        }
        ChainState state = chain.state();
        chainIdHex = HexFormat.of().formatHex(state.chainId());
        entries = state.lastSequence() + 1;
        List<String> nets = new ArrayList<>();
        for (NetworkRecord n : state.networks()) {
            nets.add(n.name() + " (" + n.cidr() + ")");
        }
        return new StartupReport(fresh, chainIdHex, entries, HexFormat.of().toHexDigits(nodeKeys.nodeId()),
                token, keyId, firstKeyExpires, nets);
    }

    private void enrol(ChainState state) {
        long nodeId = nodeKeys.nodeId();
        NodeRecord known = state.node(nodeId).orElse(null);
        if (known != null && known.removed()) {
            throw new NodeSetupException("this node (id " + known.idHex() + ", " + known.name() + ") was removed from the chain"
                    + " (tok nodes remove) and may not serve with the key in " + dataDir.resolve(KeyFiles.NODE_KEY)
                    + "; to serve again, move that file away (a new key is created) and enrol the new key");
        }
        if (known != null) {
            if (!Arrays.equals(known.x25519Key(), nodeKeys.x25519Public())) {
                throw new NodeSetupException("this node (id " + known.idHex() + ") is enrolled with another X25519 key than "
                        + dataDir.resolve(KeyFiles.NODE_KEY) + " holds; restore the node key or enrol the node again");
            }
            return;
        }
        if (!KeyFiles.hasOperatorKey(dataDir)) {
            throw new NodeSetupException("this node (id " + HexFormat.of().toHexDigits(nodeId) + ") is not enrolled in the chain"
                    + " and " + dataDir.resolve(KeyFiles.OPERATOR_KEY) + " is not here to enrol it");
        }
        Ed25519KeyPair operator = KeyFiles.operatorKey(dataDir);
        writer.write(new NodeEnrolled(nodeKeys.signing().publicKey(), nodeKeys.x25519Public(), nodeName), operator);
    }

    /** Joins every network of the chain with the advertised endpoint (again if it changed). */
    private void joinNetworks(ChainState state) {
        long nodeId = nodeKeys.nodeId();
        for (NetworkRecord n : state.networks()) {
            boolean current = false;
            for (Membership m : state.membersOf(n.id())) {
                if (m.nodeId() == nodeId && m.endpoint().equals(advertised)) {
                    current = true;
                }
            }
            if (!current) {
                writer.write(new NodeJoined(nodeId, n.id(), advertised), nodeKeys.signing());
            }
        }
    }

    private <T> T call(Callable<T> task) {
        try {
            return thread.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(c.getMessage(), c);
        }
    }

    @Override
    public void close() {
        try {
            thread.submit(() -> {
                closing = true;
                if (replica != null) {
                    replica.close();
                }
                if (chain != null) {
                    chain.close();
                }
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        thread.shutdownNow();
    }
}
