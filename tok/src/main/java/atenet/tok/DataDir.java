package atenet.tok;

import atenet.redolog.keys.Ed25519KeyPair;
import atenet.redolog.keys.KeyFiles;
import atenet.redolog.repl.ChainWriter;
import atenet.redolog.repl.RaftMembersFile;
import atenet.wire.net.HostPort;
import atenet.redolog.repl.ReplicatedWriter;
import atenet.redolog.store.Chain;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code --data DIR} option every command takes, and opening what is in it. */
public final class DataDir {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "./data",
            description = "data directory holding the chain and keys (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--node", paramLabel = "HOST:PORT",
            description = "work against the running node at this admin address (from the operator's machine): read its chain, sign here, submit there")
    String node;

    @Option(names = "--node-token-file", paramLabel = "FILE", description = "the admin token of the --node, when it has one")
    Path nodeTokenFile;

    @Option(names = "--operator-key", paramLabel = "FILE", description = "the operator key file (default: DIR/operator.key)")
    Path operatorKeyFile;

    private RemoteNode remote;

    public Path path() {
        return dir;
    }

    /** Opens and verifies the chain; one-line errors for a missing directory or chain. */
    public Chain openChain() {
        if (node != null) {
            HostPort hp;
            try {
                hp = HostPort.parse("--node", node);
            } catch (IllegalArgumentException e) {
                throw new TokException(e.getMessage());
            }
            remote = new RemoteNode(hp, nodeTokenFile);
            Chain c = remote.copyChain();
            if (operatorKeyFile != null || KeyFiles.hasOperatorKey(dir)) {
                if (!java.util.Arrays.equals(c.state().operatorKey(), operatorKey().publicKey())) {
                    c.close();
                    throw new TokException("the node at " + node + " serves a chain of another operator than the key you hold");
                }
            }
            return c;
        }
        if (!Files.isDirectory(dir)) {
            throw new TokException("data directory " + dir + " does not exist (run `tok init --data " + dir + "` first, or check --data)");
        }
        return Chain.open(dir);
    }

    /**
     * How to add entries to {@code chain}: through the node running on this directory (signed here, ordered by the
     * chain's Raft group) when one runs, else straight into the file.
     */
    public ChainWriter writer(Chain chain) {
        if (remote != null) {
            return new ReplicatedWriter(chain, remote::submit, () -> remote.pullInto(chain));
        }
        var running = RunningNode.on(dir);
        if (running.isPresent()) {
            return new ReplicatedWriter(chain, running.get()::submit);
        }
        if (replicated()) {
            throw new TokException("the chain in " + dir + " is replicated between several nodes, and the node of this"
                    + " directory is not running: start it, or use tok --node HOST:PORT with a running node");
        }
        return ChainWriter.local(chain);
    }

    /**
     * The /status of the node tok works against (--node, or the node running on --data), when one answers: for
     * what the chain cannot say (Raft roles, which peers are up). Empty otherwise; never throws.
     */
    public java.util.Optional<java.util.Map<?, ?>> liveStatus() {
        try {
            if (remote != null) {
                return remote.status();
            }
            return RunningNode.on(dir).flatMap(RunningNode::status);
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** A member of a Raft group of more than one node: its file must only change through Raft. */
    private boolean replicated() {
        try {
            return RaftMembersFile.read(dir).map(l -> l.size() > 1).orElse(false);
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    public Ed25519KeyPair operatorKey() {
        return operatorKeyFile != null ? KeyFiles.operatorKeyFile(operatorKeyFile) : KeyFiles.operatorKey(dir);
    }
}
