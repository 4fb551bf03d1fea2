package atenet.vswitch.node;

import atenet.vswitch.chain.NodeSetupException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One node per data directory: an exclusive lock on {@code DATA/vswitch.lock}, held while the node runs (the
 * operating system drops it when the process ends, however it ends). A second node on the same directory would
 * share the node key and overwrite the first one's endpoint in the chain. {@code tok} does not take this lock.
 */
final class DataDirLock implements AutoCloseable {
    static final String FILE = "vswitch.lock";
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws NodeSetupException when another node holds the directory */
    static DataDirLock acquire(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            ch.close();
            throw new NodeSetupException("another vswitch is running on " + dataDir + " (" + file
                    + " is locked); stop it first, or give this node its own --data");
        }
        return new DataDirLock(ch, l);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
