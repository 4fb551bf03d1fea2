package atenet.redolog.repl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code DATA/raft-members}: the members of the chain's Raft group as this node last saw them, one per line,
 * {@code NODE_ID HOST:PORT}. Written when a node joins a fabric and on every membership change the group commits;
 * read at start, so that a restart needs only {@code --data DIR}. Absent: the node is a group of one.
 */
public final class RaftMembersFile {
    public static final String FILE = "raft-members";

    private RaftMembersFile() {
    }

    /** @throws IllegalArgumentException naming the bad line */
    public static Optional<List<RaftMember>> read(Path dataDir) {
        Path f = dataDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        List<RaftMember> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(f, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] p = line.split("\\s+");
            try {
                if (p.length != 2) {
                    throw new IllegalArgumentException("expected 'NODE_ID HOST:PORT'");
                }
                out.add(new RaftMember(p[0], p[1]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(f + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(f + " names no member");
        }
        return Optional.of(List.copyOf(out));
    }

    /** Replaces the file atomically. */
    public static void write(Path dataDir, List<RaftMember> members) {
        StringBuilder b = new StringBuilder("# members of this chain's Raft group (written by vswitch)\n");
        for (RaftMember m : members) {
            b.append(m.nodeId()).append(' ').append(m.address()).append('\n');
        }
        Path f = dataDir.resolve(FILE);
        Path tmp = dataDir.resolve(FILE + ".tmp");
        try {
            Files.writeString(tmp, b, StandardCharsets.US_ASCII);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f + ": " + e.getMessage(), e);
        }
    }
}
