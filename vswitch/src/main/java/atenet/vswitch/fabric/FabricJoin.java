package atenet.vswitch.fabric;

import atenet.redolog.keys.KeyFiles;
import atenet.redolog.keys.NodeKeys;
import atenet.redolog.repl.RaftMember;
import atenet.redolog.repl.RaftMembersFile;
import atenet.redolog.store.Chain;
import atenet.wire.net.HostPort;
import atenet.wire.token.EnrollmentToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * {@code vswitch --data DIR --join TOKEN}, before the node starts: on a new server, with an enrolment token from
 * {@code tok nodes add}.
 * <pre>
 *  1. refuse a directory that already holds a chain (--join is for a new node; a restart needs only --data)
 *  2. create the node's keys (DIR/node.key)
 *  3. GET /fabric/chain from a node named in the token (the grant is the credential): the whole chain and the
 *     Raft members; verify every entry (Chain.adopt) and that its operator is the token's
 *  4. write DIR/raft-members (those members and this node) and DIR/join-token (mode 600)
 * </pre>
 * The node then starts as usual; its {@code ChainService} finds DIR/join-token, signs its NODE_ADMITTED entry with
 * the grant, POSTs it to /fabric/admit (the contact submits it and adds this node to the Raft group), waits for the
 * entry to arrive through Raft, and deletes the token file.
 */
public final class FabricJoin {
    public static final String TOKEN_FILE = "join-token";

    private FabricJoin() {
    }

    /** @throws IllegalStateException with a one-line reason, starting with "--join:" */
    public static void prepare(Path dataDir, String tokenText, String raftAddress) {
        EnrollmentToken token;
        try {
            token = EnrollmentToken.decode(tokenText);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("--join: " + e.getMessage());
        }
        if (token.grant().expiresAtMillis() <= System.currentTimeMillis()) {
            throw new IllegalStateException("--join: the enrolment token expired at "
                    + java.time.Instant.ofEpochMilli(token.grant().expiresAtMillis()) + " (tok nodes add makes a new one)");
        }
        if (Chain.exists(dataDir)) {
            throw new IllegalStateException("--join: " + dataDir + " already holds a chain; --join is for a new node"
                    + " (restart an enrolled node with --data " + dataDir + " alone)");
        }
        NodeKeys keys = KeyFiles.readOrCreateNodeKeys(dataDir);
        FabricClient client = new FabricClient();
        FabricClient.ChainCopy copy = null;
        List<String> failures = new ArrayList<>();
        for (HostPort contact : token.contacts()) {
            try {
                copy = client.copy(contact, token.grant().encoded());
                break;
            } catch (IOException | RuntimeException e) {
                failures.add(contact + ": " + e.getMessage());
            }
        }
        if (copy == null) {
            throw new IllegalStateException("--join: no node named in the enrolment token gave its chain: " + String.join("; ", failures));
        }
        try (Chain chain = Chain.adopt(dataDir, copy.entries(), token.grant().chainId())) {
            if (!Arrays.equals(chain.state().operatorKey(), token.operatorKey())) {
                throw new IllegalStateException("--join: the chain's operator is not the one who signed the enrolment token");
            }
        } catch (RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("--join:")) {
                throw e;
            }
            throw new IllegalStateException("--join: the chain the node sent does not verify: " + e.getMessage());
        }
        List<RaftMember> members = new ArrayList<>(copy.members());
        String self = HexFormat.of().toHexDigits(keys.nodeId());
        members.removeIf(m -> m.nodeId().equals(self));
        members.add(new RaftMember(self, raftAddress));
        RaftMembersFile.write(dataDir, members);
        try {
            Path f = dataDir.resolve(TOKEN_FILE);
            Files.deleteIfExists(f);
            Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(f, tokenText.strip() + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("--join: cannot write " + dataDir.resolve(TOKEN_FILE) + ": " + e.getMessage());
        }
    }

    /** The pending enrolment token of a node that has not been admitted yet, if any. */
    public static Optional<EnrollmentToken> pending(Path dataDir) {
        Path f = dataDir.resolve(TOKEN_FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(EnrollmentToken.decode(Files.readString(f, StandardCharsets.US_ASCII)));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read " + f + ": " + e.getMessage());
        }
    }

    public static void done(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(TOKEN_FILE));
        } catch (IOException e) {
            // harmless: an admitted node ignores the file
        }
    }
}
