package atenet.redolog.keys;

import atenet.wire.crypto.X25519Keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Secret key files in a data directory. Text, one {@code name: hex} line per key after a comment header, mode 0600,
 * written atomically (temp file + rename):
 * <pre>
 * # atenet operator key v1 (Ed25519; keep secret)
 * ed25519-private: 64 hex digits
 * </pre>
 * {@code operator.key} holds the operator's Ed25519 key; {@code node.key} holds {@code ed25519-private} and
 * {@code x25519-private}.
 */
public final class KeyFiles {
    public static final String OPERATOR_KEY = "operator.key";
    public static final String NODE_KEY = "node.key";
    private static final String ED = "ed25519-private";
    private static final String X = "x25519-private";

    private KeyFiles() {
    }

    /** @throws IllegalStateException with a one-line message if the file is missing or malformed */
    public static Ed25519KeyPair operatorKey(Path dataDir) {
        return operatorKeyFile(dataDir.resolve(OPERATOR_KEY));
    }

    /** The operator key from a given file (tok --operator-key). @throws IllegalStateException as above */
    public static Ed25519KeyPair operatorKeyFile(Path f) {
        if (!Files.isRegularFile(f)) {
            throw new IllegalStateException("no operator key in " + f
                    + ": this data directory was not made with `tok init` or the key was moved");
        }
        Map<String, byte[]> keys = read(f);
        return Ed25519KeyPair.fromPrivateKey(need(keys, ED, f));
    }

    public static boolean hasOperatorKey(Path dataDir) {
        return Files.isRegularFile(dataDir.resolve(OPERATOR_KEY));
    }

    /** Writes dataDir/operator.key (0600); refuses to overwrite an existing one. */
    public static void writeOperatorKey(Path dataDir, Ed25519KeyPair key) {
        Path f = dataDir.resolve(OPERATOR_KEY);
        if (Files.exists(f)) {
            throw new IllegalStateException("refusing to overwrite the operator key " + f);
        }
        write(f, "# atenet operator key v1 (Ed25519; keep secret)\n" + ED + ": " + HexFormat.of().formatHex(key.privateKey()) + "\n");
    }

    /** Reads dataDir/node.key, or creates it (0600) with fresh keys when missing. */
    public static NodeKeys readOrCreateNodeKeys(Path dataDir) {
        Path f = dataDir.resolve(NODE_KEY);
        if (Files.isRegularFile(f)) {
            Map<String, byte[]> keys = read(f);
            return new NodeKeys(Ed25519KeyPair.fromPrivateKey(need(keys, ED, f)), need(keys, X, f));
        }
        NodeKeys nk = new NodeKeys(Ed25519KeyPair.generate(), X25519Keys.generatePrivate(new SecureRandom()));
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dataDir + ": " + e.getMessage(), e);
        }
        write(f, "# atenet node key v1 (Ed25519 signing + X25519; keep secret)\n"
                + ED + ": " + HexFormat.of().formatHex(nk.signing().privateKey()) + "\n"
                + X + ": " + HexFormat.of().formatHex(nk.x25519Private()) + "\n");
        return nk;
    }

    private static byte[] need(Map<String, byte[]> keys, String name, Path f) {
        byte[] k = keys.get(name);
        if (k == null || k.length != 32) {
            throw new IllegalStateException("key file " + f + " is malformed: no 32-byte '" + name + "' line");
        }
        return k;
    }

    private static Map<String, byte[]> read(Path f) {
        Map<String, byte[]> out = new HashMap<>();
        try {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int c = line.indexOf(':');
                if (c < 0) {
                    throw new IllegalStateException("key file " + f + " is malformed: line without ':'");
                }
                try {
                    out.put(line.substring(0, c).strip(), HexFormat.of().parseHex(line.substring(c + 1).strip()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("key file " + f + " is malformed: bad hex in '" + line.substring(0, c) + "'");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static void write(Path f, String text) {
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("key file " + f + " appeared while writing it", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f + ": " + e.getMessage(), e);
        }
    }
}
