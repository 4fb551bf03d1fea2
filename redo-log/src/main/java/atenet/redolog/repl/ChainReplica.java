package atenet.redolog.repl;

import atenet.redolog.store.Chain;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import atenet.redolog.keys.Ed25519KeyPair;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * This node's member of its chain's Raft group (Apache Ratis over gRPC), and the way to submit signed entries.
 *
 * <pre>
 *  author (tok, this node) ── signs entry N+1 on the head it knows ──► submit(bytes) ── RaftClient ──► leader
 *  leader ── Raft log (the entry's bytes) ──► every member: ChainStateMachine ── Chain.appendSigned ──► Chronicle copy
 *  reply: appended N+1 | stale (re-read the head, sign again) | refused (reason)
 * </pre>
 *
 * <ul>
 *   <li>Group id: the first 16 bytes of the chain id (the genesis hash) as a UUID, so a member of another chain's
 *       group can never be mistaken for one of ours.</li>
 *   <li>Storage: {@code DATA/raft/} (Raft log, votes, snapshot files); the chain itself stays in {@code DATA/chain/}.</li>
 *   <li>One member (a lone node) is a complete group: it elects itself and commits alone.</li>
 * </ul>
 */
public final class ChainReplica implements AutoCloseable {
    public static final String RAFT_DIR = "raft";
    /** Snapshot (a chain head record) every this many applied entries. */
    static final long SNAPSHOT_EVERY = 1024;

    private final RaftGroup group;
    private final RaftServer server;
    private final RaftClient client;
    private final ChainStateMachine stateMachine;
    private final RaftMember selfMember;

    private ChainReplica(RaftGroup group, RaftMember selfMember, RaftServer server, RaftClient client, ChainStateMachine sm) {
        this.selfMember = selfMember;
        this.group = group;
        this.server = server;
        this.client = client;
        this.stateMachine = sm;
    }

    /**
     * Opens the chain in {@code dataDir} (verified) and starts this node's Raft member on {@code self}'s address.
     *
     * @param members every member of the group, {@code self} among them
     * @throws IOException when the Raft server cannot start (port taken, storage unreadable)
     */
    public static ChainReplica start(Path dataDir, RaftMember self, List<RaftMember> members) throws IOException {
        return start(dataDir, self, members, null);
    }

    /**
     * As above; with {@code tlsKey} (this node's enrolled Ed25519 key) every Raft connection, in and out, is mutual
     * TLS where each side must show a key the chain enrols ({@link EnrolledNodesTrustManager}); null: plain gRPC
     * (tests of the replication logic only).
     */
    public static ChainReplica start(Path dataDir, RaftMember self, List<RaftMember> members, Ed25519KeyPair tlsKey)
            throws IOException {
        if (!members.contains(self)) {
            throw new IllegalArgumentException("the Raft members " + members + " do not include this node " + self);
        }
        Chain chain = Chain.open(dataDir);
        RaftGroupId groupId = groupIdOf(chain.chainId());
        List<RaftPeer> peers = new ArrayList<>();
        for (RaftMember m : members) {
            peers.add(peer(m));
        }
        RaftGroup group = RaftGroup.valueOf(groupId, peers);
        RaftProperties props = properties(dataDir, self);
        ChainStateMachine sm = new ChainStateMachine(chain);
        Parameters parameters = new Parameters();
        if (tlsKey != null) {
            // this node trusts its own key too: its first writes (its own enrolment) go through its own server
            String own = java.util.HexFormat.of().formatHex(tlsKey.publicKey());
            java.util.function.Supplier<java.util.Set<String>> trusted = () -> {
                java.util.Set<String> enrolled = sm.enrolledKeys();
                if (enrolled.contains(own)) {
                    return enrolled;
                }
                java.util.Set<String> withSelf = new java.util.HashSet<>(enrolled);
                withSelf.add(own);
                return withSelf;
            };
            GrpcConfigKeys.TLS.setConf(parameters, new GrpcTlsConfig(new NodeTlsIdentity(tlsKey),
                    new EnrolledNodesTrustManager(trusted), true));
        }
        Path groupDir = dataDir.resolve(RAFT_DIR).resolve(groupId.getUuid().toString());
        RaftServer server;
        try {
            server = RaftServer.newBuilder()
                    .setServerId(RaftPeerId.valueOf(self.nodeId()))
                    .setGroup(group)
                    .setStateMachine(sm)
                    .setProperties(props)
                    .setParameters(parameters)
                    .setOption(Files.isDirectory(groupDir) ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
                    .build();
            server.start();
        } catch (IOException | RuntimeException e) {
            chain.close();
            throw e;
        }
        if (members.size() == 1) {
            awaitLeader(server, groupId);                // a lone member elects itself: submit only after that
        }
        RaftClient client = RaftClient.newBuilder()
                .setProperties(props)
                .setParameters(parameters)
                .setRaftGroup(group)
                .setLeaderId(null)
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(50, TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)))
                .build();
        return new ChainReplica(group, self, server, client, sm);
    }

    /** Waits (up to 10 s) until this server leads its group: a lone member's first election. */
    private static void awaitLeader(RaftServer server, RaftGroupId groupId) throws IOException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!server.getDivision(groupId).getInfo().isLeader()) {
            if (System.nanoTime() - end > 0) {
                throw new IOException("this lone Raft member did not become its group's leader within 10 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the Raft member started");
            }
        }
    }

    static RaftProperties properties(Path dataDir, RaftMember self) {
        RaftProperties p = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(p, List.of(dataDir.resolve(RAFT_DIR).toFile()));
        atenet.wire.net.HostPort hp = atenet.wire.net.HostPort.parse("Raft address", self.address());
        GrpcConfigKeys.Server.setHost(p, hp.host());
        GrpcConfigKeys.Server.setPort(p, hp.port());
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, SNAPSHOT_EVERY);
        RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(p, true);
        // fast elections on a LAN: a lost leader is replaced within about a second
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(300, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(600, TimeUnit.MILLISECONDS));
        return p;
    }

    /** The Raft group id of a chain: its id's first 16 bytes as a UUID. */
    public static RaftGroupId groupIdOf(byte[] chainId) {
        ByteBuffer b = ByteBuffer.wrap(chainId);
        return RaftGroupId.valueOf(new UUID(b.getLong(), b.getLong()));
    }

    /**
     * Submits one signed entry; completes when the group committed it and this member's state machine answered.
     * Completes exceptionally when no leader could be reached (a minority partition, every other member down).
     */
    public CompletableFuture<SubmitResult> submit(byte[] signedEntry) {
        return client.async().send(Message.valueOf(ByteString.copyFrom(signedEntry))).thenApply(ChainReplica::result);
    }

    private static SubmitResult result(RaftClientReply reply) {
        if (!reply.isSuccess()) {
            throw new IllegalStateException("the chain's Raft group did not commit the entry: "
                    + (reply.getException() == null ? "no reason given" : reply.getException().getMessage()));
        }
        return SubmitResult.decode(reply.getMessage().getContent().toByteArray());
    }

    /**
     * The group's members as this member's current configuration has them, this member at the address it listens on
     * now (a lone node restarted with another --raft-listen: the next membership change records it).
     */
    public List<RaftMember> members() {
        List<RaftMember> out = new ArrayList<>();
        try {
            for (RaftPeer p : server.getDivision(group.getGroupId()).getRaftConf().getCurrentPeers()) {
                out.add(p.getId().toString().equals(selfMember.nodeId()) ? selfMember : new RaftMember(p.getId().toString(), p.getAddress()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the Raft member is not running: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Adds a member to the group (Raft's membership change: the leader first brings the new member's log up to date,
     * then commits the new configuration). Blocking: call it off event loops. The new member's server must be
     * running. A member already in the group with the same address is left alone.
     *
     * @throws IOException when the group did not commit the change
     */
    public void addMember(RaftMember m) throws IOException {
        List<RaftMember> now = members();
        if (now.contains(m)) {
            return;
        }
        List<RaftPeer> peers = new ArrayList<>();
        for (RaftMember x : now) {
            if (!x.nodeId().equals(m.nodeId())) {
                peers.add(peer(x));
            }
        }
        peers.add(peer(m));
        setConfiguration(peers);
    }

    /** Removes a member from the group (a node removed from the chain). @throws IOException when not committed */
    public void removeMember(String nodeId) throws IOException {
        List<RaftPeer> peers = new ArrayList<>();
        boolean found = false;
        for (RaftMember x : members()) {
            if (x.nodeId().equals(nodeId)) {
                found = true;
            } else {
                peers.add(peer(x));
            }
        }
        if (found && !peers.isEmpty()) {
            setConfiguration(peers);
        }
    }

    private void setConfiguration(List<RaftPeer> peers) throws IOException {
        RaftClientReply r = client.admin().setConfiguration(peers);
        if (!r.isSuccess()) {
            throw new IOException("the Raft group did not commit the new membership: "
                    + (r.getException() == null ? "no reason given" : r.getException().getMessage()));
        }
    }

    private static RaftPeer peer(RaftMember m) {
        return RaftPeer.newBuilder().setId(m.nodeId()).setAddress(m.address()).build();
    }

    /** This member's role now: LEADER, FOLLOWER, CANDIDATE, LISTENER, or "DOWN". */
    public String role() {
        try {
            return server.getDivision(group.getGroupId()).getInfo().getCurrentRole().name();
        } catch (IOException | RuntimeException e) {
            return "DOWN";
        }
    }

    /** The node id of the group's leader as this member knows it, or "" when it knows none. */
    public String leaderId() {
        try {
            RaftPeerId l = server.getDivision(group.getGroupId()).getInfo().getLeaderId();
            return l == null ? "" : l.toString();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The Raft index this member applied last (-1 before the first). */
    public long appliedIndex() {
        var ti = stateMachine.getLastAppliedTermIndex();
        return ti == null ? -1 : ti.getIndex();
    }

    /** The chain sequence this member applied last. */
    public long appliedSequence() {
        return stateMachine.appliedSequence();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("stopping the Raft member: " + e.getMessage(), e);
        }
    }
}
