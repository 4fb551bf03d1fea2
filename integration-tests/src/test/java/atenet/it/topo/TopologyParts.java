package atenet.it.topo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a namespace topology owns: the host-wide lock (/run/lock/atenet-it-netns.lock, or /tmp) that keeps two test
 * JVMs off the fixed addresses (198.18.0.0/15) at once, and every namespace and veth it created.
 * {@link #close()} removes them newest first (closing a namespace kills its processes and deletes its interfaces),
 * then releases the lock; safe after a partial build.
 */
final class TopologyParts implements AutoCloseable {
    private final String label;
    private final Deque<AutoCloseable> created = new ArrayDeque<>();
    private FileChannel file;
    private FileLock lock;

    /** Waits for the host-wide lock. */
    TopologyParts(String label) {
        this.label = label;
        try {
            Path p = Path.of("/run/lock").toFile().isDirectory() ? Path.of("/run/lock/atenet-it-netns.lock") : Path.of("/tmp/atenet-it-netns.lock");
            file = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = file.lock();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Remembers {@code c} for {@link #close()}. */
    <T extends AutoCloseable> T add(T c) {
        created.push(c);
        return c;
    }

    @Override
    public void close() {
        while (!created.isEmpty()) {
            try {
                created.pop().close();
            } catch (Exception e) {
                System.err.println(label + " cleanup: " + e);
            }
        }
        try {
            if (lock != null) {
                lock.release();
            }
            if (file != null) {
                file.close();
            }
        } catch (IOException ignored) {
            // released with the channel
        }
    }
}
