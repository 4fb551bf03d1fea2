package atenet.redolog.repl;

import atenet.redolog.store.Chain;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.MD5FileUtil;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

import org.apache.ratis.proto.RaftProtos;

import atenet.redolog.entry.EntryType;
import atenet.redolog.entry.LogEntryCodec;
import atenet.redolog.state.NodeRecord;

import java.io.File;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;

/**
 * The Raft state machine of the chain: <b>authors sign, Raft orders, every member verifies</b>.
 *
 * <p>A Raft log entry is one signed chain entry, byte for byte ({@code LogEntryCodec}). Every member applies the
 * committed entries in log order through {@link Chain#appendSigned}, which re-checks sequence, previous hash,
 * signature, authority and rules against its own Chronicle Queue copy: the answer (appended, stale or refused, a
 * {@link SubmitResult}) is the same on every member, because the checks read nothing but the chain itself. A
 * refused or stale entry stays in the Raft log and changes nothing. Nothing thrown while applying escapes
 * {@link #applyTransaction}: it becomes a refusal naming the failure.
 *
 * <p>Snapshots: the verified chain is the state. A snapshot is a small file ({@code raft/<group>/sm/snapshot.T_I})
 * recording the chain's last sequence and hash at Raft index I; on start, when the chain still holds that entry,
 * the member resumes after I and Raft replays only the rest; a replayed entry the chain already holds is
 * answered as appended without being written twice.
 *
 * <p>Threading: Ratis calls {@link #applyTransaction} and {@link #takeSnapshot} from its one state-machine
 * updater thread; the {@link Chain} is used from that thread only (after {@link #initialize}).
 */
public final class ChainStateMachine extends BaseStateMachine {
    private final Chain chain;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private volatile long appliedSequence = -1;
    /** The signing keys (hex) of the nodes the chain enrols and has not removed: who may speak Raft with us. */
    private volatile Set<String> enrolledKeys = Set.of();
    private final Path dataDir;

    /** @param chain this member's verified chain copy; owned by this state machine from now on */
    public ChainStateMachine(Chain chain) {
        this.chain = chain;
        this.dataDir = chain.dataDir();
        this.appliedSequence = chain.size() - 1;
        refreshEnrolledKeys();
    }

    private void refreshEnrolledKeys() {
        Set<String> keys = new HashSet<>();
        for (NodeRecord n : chain.state().nodes()) {
            if (!n.removed()) {
                keys.add(HexFormat.of().formatHex(n.signingKey()));
            }
        }
        enrolledKeys = Set.copyOf(keys);
    }

    /** Whether an entry (known to decode) enrols, admits or removes a node. */
    private static boolean changesNodes(byte[] entry) {
        int type = entry[LogEntryCodec.OFFSET_TYPE];
        return type == EntryType.NODE_ENROLLED.code() || type == EntryType.NODE_ADMITTED.code()
                || type == EntryType.NODE_REMOVED.code();
    }

    /** The signing keys (hex) of the nodes the chain enrols now; readable from any thread (the TLS trust check). */
    public Set<String> enrolledKeys() {
        return enrolledKeys;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        resumeFromSnapshot(storage.loadLatestSnapshot());
    }

    private void resumeFromSnapshot(SingleFileSnapshotInfo snap) throws IOException {
        if (snap == null) {
            return;
        }
        String[] f = Files.readString(snap.getFile().getPath(), StandardCharsets.US_ASCII).trim().split(" ");
        long sequence = Long.parseLong(f[0]);
        if (sequence <= chain.size() - 1 && (sequence < 0 || f[1].equals(hashAt(sequence)))) {
            setLastAppliedTermIndex(snap.getTermIndex());
        }
        // else the chain copy is behind its snapshot (files restored or removed): replay the whole Raft log
    }

    private String hashAt(long sequence) {
        return chain.entries().get((int) sequence).hashHex();
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        TermIndex at = TermIndex.valueOf(trx.getLogEntry());
        SubmitResult r;
        try {
            byte[] entry = trx.getLogEntry().getStateMachineLogEntry().getLogData().toByteArray();
            r = chain.appendSigned(entry);
            if (r.appended()) {
                appliedSequence = Math.max(appliedSequence, r.sequence());
                if (changesNodes(entry)) {
                    refreshEnrolledKeys();                // who may speak Raft with us changed
                }
            }
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError fatal && !(t instanceof StackOverflowError)) {
                throw fatal;
            }
            r = SubmitResult.refused(appliedSequence, "this member could not apply it: " + t.getMessage());
        }
        updateLastAppliedTermIndex(at.getTerm(), at.getIndex());
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(r.encode())));
    }

    /** A committed membership change: kept in {@code DATA/raft-members} for the next start. */
    @Override
    public void notifyConfigurationChanged(long term, long index, RaftProtos.RaftConfigurationProto conf) {
        List<RaftMember> members = new ArrayList<>();
        for (RaftProtos.RaftPeerProto p : conf.getPeersList()) {
            members.add(new RaftMember(p.getId().toStringUtf8(), p.getAddress()));
        }
        if (!members.isEmpty()) {
            RaftMembersFile.write(dataDir, members);
        }
    }

    /**
     * A read through Raft: {@link ChainResync#REQUEST} + u64 from → the stored entries from there on, at most
     * {@link ChainResync#PAGE_BYTES} (u32 count, then u32 length + entry each). A member that lost its copy asks the
     * leader so and verifies everything it gets. Read from the files with a reader of its own (this runs on a gRPC
     * thread, not the updater's).
     */
    @Override
    public CompletableFuture<Message> query(Message request) {
        byte[] q = request.getContent().toByteArray();
        if (q.length != 9 || q[0] != ChainResync.REQUEST) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unknown chain query"));
        }
        long from = java.nio.ByteBuffer.wrap(q, 1, 8).getLong();
        try {
            List<byte[]> entries = Chain.readStored(dataDir, Math.max(0, from), ChainResync.PAGE_BYTES);
            int size = 4;
            for (byte[] e : entries) {
                size += 4 + e.length;
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(size).putInt(entries.size());
            for (byte[] e : entries) {
                b.putInt(e.length).put(e);
            }
            return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(b.array())));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The chain's last applied sequence (readable from any thread). */
    public long appliedSequence() {
        return appliedSequence;
    }

    @Override
    public long takeSnapshot() throws IOException {
        TermIndex last = getLastAppliedTermIndex();
        if (last == null || last.getIndex() < 0) {
            return -1;
        }
        File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        long seq = chain.size() - 1;
        String line = seq + " " + (seq < 0 ? "-" : chain.headHashHex()) + "\n";
        Files.createDirectories(file.toPath().getParent());
        Files.writeString(file.toPath(), line, StandardCharsets.US_ASCII);
        MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), last));
        return last.getIndex();
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            chain.close();
        }
    }
}
