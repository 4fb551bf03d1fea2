package atenet.vswitch.chain;

import atenet.redolog.entry.LogEntryCodec;
import atenet.redolog.entry.NodeAdmitted;
import atenet.redolog.entry.NodeEnrolled;
import atenet.wire.identity.CertificateException;
import atenet.wire.identity.EnrollmentGrant;
import atenet.redolog.entry.NodeJoined;
import atenet.redolog.entry.NodeRemoved;
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
import atenet.redolog.repl.ChainResync;
import atenet.redolog.repl.ChainWriter;
import atenet.redolog.repl.RaftMember;
import atenet.redolog.repl.RaftMembersFile;
import atenet.redolog.repl.ReplicatedWriter;
import atenet.vswitch.fabric.FabricAdmission;
import atenet.vswitch.fabric.FabricJoin;
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
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
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
public final class ChainService implements AutoCloseable, Memberships {
    public static final long POLL_MILLIS = 100;
    /** Tries of the Raft membership change after a node's removal (each waits up to about 5 s for a leader). */
    static final int REMOVE_ATTEMPTS = 4;
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
    private volatile ChainReplica replica;
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
    private volatile Set<String> memberOf = Set.of();
    private volatile List<String> networkNames = List.of();
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
                if ((e.body() instanceof NodeEnrolled n && n.nodeId() == nodeId)
                        || (e.body() instanceof NodeAdmitted a && a.nodeId() == nodeId)) {
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
            List<LogEntry> fresh = chain.poll();
            if (fresh.isEmpty()) {
                return;
            }
            dropRemovedMembers(fresh);
        } catch (RuntimeException e) {
            String why = "the chain no longer verifies: " + e.getMessage();
            refuse(why, "admitting no new sessions", admissionBuilder.build(chain.state(), why), onChange);
            return;
        }
        entries = chain.state().lastSequence() + 1;
        if (isRemoved(chain.state())) {
            String why = "this node (id " + HexFormat.of().toHexDigits(nodeKeys.nodeId()) + ") was removed from the chain";
            refuse(why, "ending every session and admitting none", admissionBuilder.removed(chain.state(), why), onChange);
            leaveRaft();
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

    /**
     * A node the chain removed (tok nodes remove) leaves the Raft group too: of the members that stay, the one with
     * the smallest node id submits the smaller membership (off the chain thread: it waits for the group); one
     * member, so that two changes never race.
     */
    private void dropRemovedMembers(List<LogEntry> fresh) {
        for (LogEntry e : fresh) {
            if (!(e.body() instanceof NodeRemoved r)) {
                continue;
            }
            String id = HexFormat.of().toHexDigits(r.nodeId());
            String self = HexFormat.of().toHexDigits(nodeKeys.nodeId());
            String actor = replica.members().stream().map(RaftMember::nodeId).filter(m -> !m.equals(id)).min(String::compareTo).orElse("");
            if (actor.equals(self)) {
                CompletableFuture.runAsync(() -> {
                    // When the removed node was the leader, the others stop trusting it at once (TLS): the change
                    // goes through only after they elected a new leader, so it is tried again a few times.
                    for (int attempt = 1; attempt <= REMOVE_ATTEMPTS && !closing; attempt++) {
                        try {
                            replica.removeMember(id);
                            return;
                        } catch (IOException | RuntimeException ex) {
                            if (attempt == REMOVE_ATTEMPTS) {
                                System.err.println("vswitch: could not remove node " + id + " from the Raft group: " + ex.getMessage());
                            }
                        }
                    }
                });
            }
        }
    }

    /**
     * A removed node stops its Raft member: the others no longer trust its key for new connections, and a removed
     * leader would otherwise keep leading over connections opened before, where nobody could reach it to change the
     * membership. The others elect a new leader and commit the smaller group.
     */
    private void leaveRaft() {
        ChainReplica r = replica;
        replica = null;
        if (r != null) {
            try {
                r.close();
            } catch (RuntimeException e) {
                System.err.println("vswitch: stopping the Raft member: " + e.getMessage());
            }
        }
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
        if (r == null) {
            return new RaftStatus("DOWN", -1, "", "", List.of());
        }
        List<String> members = new ArrayList<>();
        try {
            for (RaftMember m : r.members()) {
                members.add(m.nodeId());
            }
        } catch (RuntimeException e) {
            // not running: no members to show
        }
        return new RaftStatus(r.role(), r.appliedIndex(), HostPort.format(raftAddress), r.leaderId(), members);
    }

    /**
     * @param address where this node's Raft member listens
     * @param leader  the leader's node id as this member knows it ("" when none)
     * @param members the node ids of the group's members
     */
    public record RaftStatus(String role, long appliedIndex, String address, String leader, List<String> members) {
    }

    /** The verified entries from sequence {@code from} on, encoded. Blocking. */
    public List<byte[]> entriesFrom(long from) {
        return call(() -> {
            chain.refresh();
            List<byte[]> out = new ArrayList<>();
            List<LogEntry> all = chain.entries();
            for (int i = (int) Math.min(from, all.size()); i < all.size(); i++) {
                out.add(all.get(i).encoded());
            }
            return out;
        });
    }

    /** What a joining node gets: the chain's entries (encoded) and the Raft group's members. */
    public record FabricCopy(List<byte[]> entries, List<RaftMember> members) {
    }

    /**
     * For {@code GET /fabric/chain}: the whole chain and the Raft members, to the holder of a valid, unexpired, unused
     * enrolment grant for this chain. Blocking. A request from another host is refused while a member listens on
     * loopback (it could never reach that member).
     *
     * @throws IllegalArgumentException saying why the grant is not good
     */
    public FabricCopy copyForJoin(byte[] grant, boolean fromLoopback) {
        return call(() -> {
            chain.refresh();
            checkGrant(chain.state(), grant);
            if (!fromLoopback) {
                requireNoLoopbackMember();
            }
            List<byte[]> entries = new ArrayList<>();
            for (LogEntry e : chain.entries()) {
                entries.add(e.encoded());
            }
            return new FabricCopy(entries, replica.members());
        });
    }

    /**
     * For {@code POST /fabric/admit}: submits a joining node's NODE_ADMITTED entry (its grant checked first: valid,
     * unexpired, unused) and, once the group appended it, adds the node to the Raft group at {@code raftAddress}.
     * A node already admitted is only (re)added. Blocking (Raft commit and membership change): call it off event loops.
     *
     * @throws IllegalArgumentException for an entry that is not a NODE_ADMITTED with a good grant, or a bad address
     * @throws IOException              when the group did not commit the entry or the membership change
     */
    public SubmitResult admitJoiner(byte[] entry, String raftAddress) throws IOException {
        LogEntry e;
        try {
            e = LogEntryCodec.decode(entry);
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("not a chain entry: " + ex.getMessage());
        }
        if (!(e.body() instanceof NodeAdmitted a)) {
            throw new IllegalArgumentException("only a NODE_ADMITTED entry is taken here, not " + e.type());
        }
        RaftMember member = new RaftMember(HexFormat.of().toHexDigits(a.nodeId()), raftAddress);
        requireReachable(member);
        boolean admitted = call(() -> {
            chain.refresh();
            NodeRecord known = chain.state().node(a.nodeId()).orElse(null);
            if (known != null) {
                if (known.removed()) {
                    throw new IllegalArgumentException("node " + known.idHex() + " was removed from the chain");
                }
                return true;
            }
            checkGrant(chain.state(), a.grant());
            return false;
        });
        SubmitResult r = admitted ? SubmitResult.appended(-1) : awaitCommit(replica.submit(entry));
        if (r.appended()) {
            replica.addMember(member);
        }
        return r;
    }

    /** A member on another host cannot reach a group whose members listen on loopback: say so instead of hanging. */
    private void requireReachable(RaftMember joiner) {
        if (!isLoopback(joiner.address())) {
            requireNoLoopbackMember();
        }
    }

    private void requireNoLoopbackMember() {
        for (RaftMember m : replica.members()) {
            if (isLoopback(m.address())) {
                throw new IllegalArgumentException("node " + m.nodeId() + "'s Raft member listens on " + m.address()
                        + " (loopback), which a new node on another host cannot reach: restart that node with"
                        + " --raft-listen HOST:PORT (an address the other nodes reach), then join again");
            }
        }
    }

    private static boolean isLoopback(String address) {
        return HostPort.parse("address", address).isLoopback();
    }

    private static SubmitResult awaitCommit(CompletableFuture<SubmitResult> f) throws IOException {
        try {
            return f.get(15, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (ExecutionException | java.util.concurrent.TimeoutException ex) {
            throw new IOException("the chain's Raft group did not commit the entry: " + ex.getMessage());
        }
    }

    /** @throws IllegalArgumentException why the grant is not good for this chain now */
    private static EnrollmentGrant checkGrant(ChainState state, byte[] grant) {
        EnrollmentGrant g;
        try {
            g = EnrollmentGrant.verify(grant, 0, grant.length, state.operatorKey());
        } catch (CertificateException ex) {
            throw new IllegalArgumentException(ex.getMessage());
        }
        if (!Arrays.equals(g.chainId(), state.chainId())) {
            throw new IllegalArgumentException("the enrolment grant is for another chain");
        }
        if (g.expiresAtMillis() <= System.currentTimeMillis()) {
            throw new IllegalArgumentException("the enrolment grant expired at " + java.time.Instant.ofEpochMilli(g.expiresAtMillis())
                    + " (tok nodes add makes a new one)");
        }
        if (state.grantUsed(g.grantIdHex())) {
            throw new IllegalArgumentException("the enrolment grant " + g.grantIdHex() + " was used already (one node, once)");
        }
        return g;
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
        if (ChainResync.needed(dataDir)) {                // a member whose copy the operator removed
            if (!java.nio.file.Files.isRegularFile(dataDir.resolve(KeyFiles.NODE_KEY))) {
                throw new NodeSetupException(dataDir + " has a Raft group but no chain and no node key: start over with --join");
            }
            try {
                long n = ChainResync.restore(dataDir, KeyFiles.readOrCreateNodeKeys(dataDir).signing());
                System.err.println("vswitch: this node's chain copy was missing; copied and verified " + n
                        + " entries from the other members of its Raft group");
            } catch (IOException e) {
                throw new NodeSetupException("this node's chain copy is missing and could not be copied from the other"
                        + " members: " + e.getMessage());
            }
        }
        fresh = !Chain.exists(dataDir);
        chain = fresh ? ChainBootstrap.init(dataDir, DEFAULT_NETWORK, DEFAULT_SUBNET) : Chain.open(dataDir);
        nodeKeys = KeyFiles.readOrCreateNodeKeys(dataDir);
        chain.guardRollback(new HighWaterMark(HighWaterMark.defaultDir(System.getenv()), HexFormat.of().toHexDigits(nodeKeys.nodeId())));
        admissionBuilder = new AdmissionBuilder();
        RaftMember self = new RaftMember(HexFormat.of().toHexDigits(nodeKeys.nodeId()), HostPort.format(raftAddress));
        List<RaftMember> members = new ArrayList<>();
        try {
            for (RaftMember m : RaftMembersFile.read(dataDir).orElse(List.of())) {
                if (!m.nodeId().equals(self.nodeId())) {
                    members.add(m);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new NodeSetupException(e.getMessage());
        }
        members.add(self);                               // at the address it listens on now
        try {
            replica = ChainReplica.start(dataDir, self, members, nodeKeys.signing());
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
        var pendingJoin = FabricJoin.pending(dataDir);
        if (pendingJoin.isPresent()) {
            try {
                FabricAdmission.admit(chain, nodeKeys, pendingJoin.get(), HostPort.format(raftAddress));
            } catch (IllegalStateException e) {
                throw new NodeSetupException("joining the fabric: " + e.getMessage());
            }
            FabricJoin.done(dataDir);
            return;
        }
        if (!KeyFiles.hasOperatorKey(dataDir)) {
            throw new NodeSetupException("this node (id " + HexFormat.of().toHexDigits(nodeId) + ") is not enrolled in the chain"
                    + " and " + dataDir.resolve(KeyFiles.OPERATOR_KEY) + " is not here to enrol it");
        }
        Ed25519KeyPair operator = KeyFiles.operatorKey(dataDir);
        writer.write(new NodeEnrolled(nodeKeys.signing().publicKey(), nodeKeys.x25519Public(), nodeName), operator);
    }

    /**
     * The networks this node is a member of, joined again with the advertised endpoint where it changed. A node
     * joins a network when its first client of that network arrives ({@link #serve}), not at start.
     */
    private void joinNetworks(ChainState state) {
        long nodeId = nodeKeys.nodeId();
        for (NetworkRecord n : state.networks()) {
            boolean member = false;
            boolean current = false;
            for (Membership m : state.membersOf(n.id())) {
                if (m.nodeId() == nodeId) {
                    member = true;
                    current = m.endpoint().equals(advertised);
                }
            }
            if (member && !current) {
                writer.write(new NodeJoined(nodeId, n.id(), advertised), nodeKeys.signing());
            }
        }
        noteMemberships(state);
    }

    private void noteMemberships(ChainState state) {
        Set<String> names = new HashSet<>();
        for (NetworkRecord n : state.networks()) {
            for (Membership m : state.membersOf(n.id())) {
                if (m.nodeId() == nodeKeys.nodeId()) {
                    names.add(n.name());
                }
            }
        }
        memberOf = Set.copyOf(names);
        networkNames = state.networks().stream().map(NetworkRecord::name).toList();
    }

    /** The networks (names) this node is a member of now. Thread-safe. */
    @Override
    public Set<String> memberOf() {
        return memberOf;
    }

    /** Every network (name) of the chain. Thread-safe. */
    @Override
    public List<String> networkNames() {
        return networkNames;
    }

    /**
     * Joins ({@code on}) or leaves network {@code name} (NODE_JOINED / NODE_LEFT, signed by this node, through Raft)
     * unless it already is / is not a member. Asynchronous: runs on the chain thread; failures are reported on
     * stderr once and retried by the caller's next call.
     */
    @Override
    public CompletableFuture<Void> serve(String name, boolean on) {
        return CompletableFuture.runAsync(() -> {
            if (closing || refusal != null) {
                return;
            }
            try {
                chain.refresh();
                ChainState state = chain.state();
                NetworkRecord n = state.networkByName(name).orElse(null);
                if (n == null) {
                    return;
                }
                boolean member = state.membersOf(n.id()).stream().anyMatch(m -> m.nodeId() == nodeKeys.nodeId());
                if (on && !member) {
                    writer.write(new NodeJoined(nodeKeys.nodeId(), n.id(), advertised), nodeKeys.signing());
                    System.err.println("vswitch: joined network " + name + " (its first client here)");
                } else if (!on && member) {
                    writer.write(new atenet.redolog.entry.NodeLeft(nodeKeys.nodeId(), n.id()), nodeKeys.signing());
                    System.err.println("vswitch: left network " + name + " (no client here for a while)");
                }
                noteMemberships(chain.state());
            } catch (RuntimeException e) {
                System.err.println("vswitch: cannot " + (on ? "join" : "leave") + " network " + name + ": " + e.getMessage());
            }
        }, thread);
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
