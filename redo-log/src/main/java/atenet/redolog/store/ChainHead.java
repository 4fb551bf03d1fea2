package atenet.redolog.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Optional;

/**
 * dataDir/chain.head: the sequence and hash of the last appended entry, one line {@code "<sequence> <64 hex>\n"},
 * replaced atomically (temp file + rename) after every append. On open, a queue that ends before this sequence,
 * or holds another entry at it, was truncated or rewritten. The node's {@link HighWaterMark} file outside the data
 * directory has the same format.
 */
record ChainHead(long sequence, byte[] hash) {
    static final String FILE = "chain.head";

    static Optional<ChainHead> read(Path dataDir) {
        return readFile(dataDir.resolve(FILE));
    }

    /** @return empty when the file does not exist */
    static Optional<ChainHead> readFile(Path f) {
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(f, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
        String[] parts = text.split("\\s+");
        try {
            if (parts.length != 2 || parts[1].length() != 64) {
                throw new IllegalArgumentException();
            }
            return Optional.of(new ChainHead(Long.parseLong(parts[0]), HexFormat.of().parseHex(parts[1])));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(f + " is malformed (expected '<sequence> <64 hex digits>'): '" + text + "'");
        }
    }

    void write(Path dataDir) {
        writeFile(dataDir.resolve(FILE));
    }

    /** Replaces {@code f} atomically (temp file beside it + rename). */
    void writeFile(Path f) {
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, sequence + " " + HexFormat.of().formatHex(hash) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f + ": " + e.getMessage(), e);
        }
    }

    String hashHex() {
        return HexFormat.of().formatHex(hash);
    }
}
