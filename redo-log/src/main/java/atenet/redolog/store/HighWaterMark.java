package atenet.redolog.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The highest chain entry a node has verified, kept <b>outside</b> the data directory: {@code STATE/<chain id hex>-<node
 * id hex>.head} (several nodes of one chain may run on one host: each has its own),
 * one line {@code "<sequence> <64 hex hash>\n"} like {@code chain.head}. Restoring an old copy of the data
 * directory (its queue and its {@code chain.head} together) rolls the chain back without a trace inside it; this
 * file remembers what the node saw. On open a chain that ends before the recorded sequence, or holds another entry
 * there, is refused ({@link Chain#guardRollback}).
 *
 * <p>It does not protect against someone who can also rewrite (or delete) this file: it raises the bar from
 * "restore one directory" to "find and rewrite the node's state directory as well".
 *
 * <p>Writes are cheap: at most one per second ({@link #MIN_WRITE_INTERVAL_NANOS}, only when the head moved) and a
 * last one on close. A write that fails is reported once on stderr and never stops the chain. Single-threaded,
 * like the {@link Chain} that owns it.
 */
public final class HighWaterMark {
    public static final String ENV_STATE_DIR = "ATENET_STATE_DIR";
    public static final Path SYSTEM_DIR = Path.of("/var/lib/atenet/highwater");
    static final long MIN_WRITE_INTERVAL_NANOS = 1_000_000_000L;

    private final Path dir;
    /** Null, or the node this mark is for: several nodes of one chain may share a host (and this directory). */
    private final String node;
    private final LongSupplier nanoClock;
    private Path file;
    private long recordedSequence = -1;
    private long pendingSequence = -1;
    private byte[] pendingHash;
    private long lastWriteNanos;
    private boolean warned;

    public HighWaterMark(Path dir) {
        this(dir, null, System::nanoTime);
    }

    /** The mark of one node ({@code STATE/<chain id hex>-<node id hex>.head}): nodes of one chain on one host. */
    public HighWaterMark(Path dir, String nodeIdHex) {
        this(dir, nodeIdHex, System::nanoTime);
    }

    HighWaterMark(Path dir, LongSupplier nanoClock) {
        this(dir, null, nanoClock);
    }

    HighWaterMark(Path dir, String node, LongSupplier nanoClock) {
        this.dir = dir;
        this.node = node;
        this.nanoClock = nanoClock;
        this.lastWriteNanos = nanoClock.getAsLong() - MIN_WRITE_INTERVAL_NANOS;
    }

    /**
     * The state directory: {@code $ATENET_STATE_DIR} when set; else /var/lib/atenet/highwater when it is (or can be
     * made) writable; else {@code $XDG_STATE_HOME/atenet/highwater}, or {@code ~/.local/state/atenet/highwater}.
     */
    public static Path defaultDir(Map<String, String> env) {
        return defaultDir(env, SYSTEM_DIR);
    }

    static Path defaultDir(Map<String, String> env, Path systemDir) {
        String explicit = env.get(ENV_STATE_DIR);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        if (writable(systemDir)) {
            return systemDir;
        }
        String xdg = env.get("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("atenet").resolve("highwater");
    }

    private static boolean writable(Path d) {
        try {
            Files.createDirectories(d);
            return Files.isWritable(d);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** The file of one chain (and node). */
    public Path file(byte[] chainId) {
        return dir.resolve(HexFormat.of().formatHex(chainId) + (node == null ? "" : "-" + node) + ".head");
    }

    /** What this node verified before for {@code chainId}, if anything; binds this mark to that chain's file. */
    Optional<ChainHead> load(byte[] chainId) {
        file = file(chainId);
        Optional<ChainHead> h = ChainHead.readFile(file);
        h.ifPresent(r -> recordedSequence = r.sequence());
        return h;
    }

    Path file() {
        return file;
    }

    /** Notes a verified head; writes it when it is higher than the recorded one and the last write is a second old. */
    void advance(long sequence, byte[] hash) {
        if (sequence > Math.max(recordedSequence, pendingSequence)) {
            pendingSequence = sequence;
            pendingHash = hash.clone();
        }
        if (pendingHash != null && nanoClock.getAsLong() - lastWriteNanos >= MIN_WRITE_INTERVAL_NANOS) {
            flush();
        }
    }

    /** Writes the pending head, if any (also on close). */
    void flush() {
        if (pendingHash == null || file == null) {
            return;
        }
        lastWriteNanos = nanoClock.getAsLong();
        try {
            Files.createDirectories(dir);
            new ChainHead(pendingSequence, pendingHash).writeFile(file);
            recordedSequence = pendingSequence;
            pendingHash = null;
        } catch (IOException | UncheckedIOException e) {
            if (!warned) {
                warned = true;
                System.err.println("atenet: cannot record the chain's high-water mark in " + file + ": " + e.getMessage()
                        + " (rollback protection is weaker; set " + ENV_STATE_DIR + " to a writable directory)");
            }
        }
    }
}
