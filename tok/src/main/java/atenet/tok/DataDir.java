package atenet.tok;

import atenet.redolog.keys.Ed25519KeyPair;
import atenet.redolog.keys.KeyFiles;
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

    public Ed25519KeyPair operatorKey() {
        return KeyFiles.operatorKey(dir);
    }
}
