package atenet.vswitch.chain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * DATA/first-token.txt: the token of the access key a node issues on its first run. It grants a network, so it is
 * never readable by others, not even for a moment: it is written to a temp file created with mode 0600 (the
 * permission is part of the creation, umask can only narrow it) and then renamed over the final name.
 */
public final class FirstToken {
    public static final String FILE = "first-token.txt";
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private FirstToken() {
    }

    /** Writes {@code token} and a line break to DATA/first-token.txt (mode 0600); returns the file. */
    public static Path write(Path dataDir, String token) throws IOException {
        Path file = dataDir.resolve(FILE);
        Path tmp = Files.createTempFile(dataDir, FILE, ".tmp", OWNER_ONLY);
        try {
            Files.writeString(tmp, token + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return file;
    }
}
