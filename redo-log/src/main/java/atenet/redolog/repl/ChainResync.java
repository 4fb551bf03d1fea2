package atenet.redolog.repl;

import atenet.redolog.entry.LogEntryCodec;
import atenet.redolog.keys.Ed25519KeyPair;
import atenet.redolog.store.Chain;
import atenet.wire.crypto.KeyId;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A member that lost its chain copy (the operator removed a tampered one) copies it back from the other members at
 * start: it still has its node key, {@code DATA/raft-members} and its Raft storage (which names the group). It asks
 * the group through Raft (a read-only query, answered by the leader's {@link ChainStateMachine#query}) over mutual
 * TLS, trusting exactly the node ids in its members file, and verifies every entry it gets ({@link Chain#adopt}):
 * the genesis must hash to the group's id.
 */
public final class ChainResync {
    static final byte REQUEST = 'E';
    static final int PAGE_BYTES = 4 << 20;

    private ChainResync() {
    }

    /** Whether dataDir looks like a member that lost its copy: no chain, but a members file and Raft storage. */
    public static boolean needed(Path dataDir) {
        return !Chain.exists(dataDir) && Files.isRegularFile(dataDir.resolve(RaftMembersFile.FILE))
                && groupDir(dataDir) != null;
    }

    /**
     * Copies, verifies and writes the chain into dataDir.
     *
     * @return the number of entries copied
     * @throws IOException when no member answered or what came does not verify
     */
    public static long restore(Path dataDir, Ed25519KeyPair nodeKey) throws IOException {
        UUID group = groupDir(dataDir);
        if (group == null) {
            throw new IOException("no Raft storage in " + dataDir.resolve(ChainReplica.RAFT_DIR));
        }
        List<RaftMember> members = RaftMembersFile.read(dataDir).orElseThrow(() -> new IOException("no " + RaftMembersFile.FILE));
        Set<String> ids = new HashSet<>();
        List<RaftPeer> peers = new ArrayList<>();
        String self = KeyId.hex(nodeKey.keyId());
        for (RaftMember m : members) {
            ids.add(m.nodeId());
            if (!m.nodeId().equals(self)) {
                peers.add(RaftPeer.newBuilder().setId(m.nodeId()).setAddress(m.address()).build());
            }
        }
        if (peers.isEmpty()) {
            throw new IOException("no other member to copy the chain from (" + RaftMembersFile.FILE + " names only this node)");
        }
        Parameters parameters = new Parameters();
        GrpcConfigKeys.TLS.setConf(parameters, new GrpcTlsConfig(new NodeTlsIdentity(nodeKey),
                new EnrolledNodesTrustManager(key -> ids.contains(KeyId.hex(KeyId.of(key)))), true));
        List<byte[]> entries = new ArrayList<>();
        try (RaftClient client = RaftClient.newBuilder()
                .setProperties(new org.apache.ratis.conf.RaftProperties())
                .setParameters(parameters)
                .setRaftGroup(RaftGroup.valueOf(RaftGroupId.valueOf(group), peers))
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(100, TimeDuration.valueOf(200, TimeUnit.MILLISECONDS)))
                .build()) {
            while (true) {
                byte[] q = ByteBuffer.allocate(9).put(REQUEST).putLong(entries.size()).array();
                RaftClientReply r = client.io().sendReadOnly(Message.valueOf(ByteString.copyFrom(q)));
                if (!r.isSuccess()) {
                    throw new IOException("the group did not answer: " + r.getException());
                }
                ByteBuffer b = ByteBuffer.wrap(r.getMessage().getContent().toByteArray());
                int n = b.getInt();
                if (n == 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    byte[] e = new byte[b.getInt()];
                    b.get(e);
                    entries.add(e);
                }
            }
        } catch (RuntimeException e) {
            throw new IOException("copying the chain from the other members failed: " + e.getMessage(), e);
        }
        if (entries.isEmpty()) {
            throw new IOException("the other members sent an empty chain");
        }
        byte[] chainId = LogEntryCodec.decode(entries.get(0)).hash();
        ByteBuffer idb = ByteBuffer.wrap(chainId);
        if (!new UUID(idb.getLong(), idb.getLong()).equals(group)) {
            throw new IOException("the chain the members sent is not the one this node's Raft group is for");
        }
        try (Chain c = Chain.adopt(dataDir, entries, chainId)) {
            return c.size();
        } catch (RuntimeException e) {
            throw new IOException("the chain the members sent does not verify: " + e.getMessage(), e);
        }
    }

    private static UUID groupDir(Path dataDir) {
        Path raft = dataDir.resolve(ChainReplica.RAFT_DIR);
        if (!Files.isDirectory(raft)) {
            return null;
        }
        try (Stream<Path> dirs = Files.list(raft)) {
            for (Path d : dirs.toList()) {
                try {
                    return UUID.fromString(d.getFileName().toString());
                } catch (IllegalArgumentException notAGroup) {
                    // another file
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
