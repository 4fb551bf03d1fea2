package atenet.it.topo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The host-wide lock of the namespace topologies (/run/lock/atenet-it-netns.lock, or /tmp): their fixed addresses
 * (198.18.0.0/15) must not be used by two test JVMs at once. Held from {@link #acquire} to {@link #close}.
 */
final class NetnsLock implements AutoCloseable {
    private final FileChannel file;
    private final FileLock lock;

    private NetnsLock(FileChannel file, FileLock lock) {
        this.file = file;
        this.lock = lock;
    }

    static NetnsLock acquire() {
        try {
            Path p = Path.of("/run/lock").toFile().isDirectory() ? Path.of("/run/lock/atenet-it-netns.lock") : Path.of("/tmp/atenet-it-netns.lock");
            FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new NetnsLock(ch, ch.lock());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            file.close();
        } catch (IOException ignored) {
            // released with the channel
        }
    }
}
