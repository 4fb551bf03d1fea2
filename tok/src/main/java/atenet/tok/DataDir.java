package atenet.tok;

import atenet.redolog.keys.Ed25519KeyPair;
import atenet.redolog.keys.KeyFiles;
import atenet.redolog.repl.ChainWriter;
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

    public Path path() {
        return dir;
    }

    /** Opens and verifies the chain; one-line errors for a missing directory or chain. */
    public Chain openChain() {
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
        return RunningNode.on(dir).<ChainWriter>map(n -> new ReplicatedWriter(chain, n::submit)).orElseGet(() -> ChainWriter.local(chain));
    }

    public Ed25519KeyPair operatorKey() {
        return KeyFiles.operatorKey(dir);
    }
}
