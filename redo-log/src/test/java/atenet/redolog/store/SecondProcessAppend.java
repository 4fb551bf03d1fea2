package atenet.redolog.store;

import atenet.redolog.keys.KeyFiles;
import atenet.redolog.ops.Networks;

import java.nio.file.Path;

/** Run in a second JVM by {@link SecondProcessTest}: appends one network to the chain in args[0]. */
public final class SecondProcessAppend {
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        try (Chain c = Chain.open(dir)) {
            Networks.create(c, KeyFiles.operatorKey(dir), args[1], "10.77.0.0/24", 1400);
        }
        System.exit(0);
    }
}
