package atenet.redolog.store;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Test helper: raw access to a chain's queue, bypassing Chain, to forge tampered chains. */
final class QueueFiles {
    private QueueFiles() {
    }

    static List<byte[]> readRaw(Path dataDir) {
        List<byte[]> out = new ArrayList<>();
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.binary(dataDir.resolve("chain")).rollCycle(ChainRollCycle.TWENTY_DAYS).build();
             ExcerptTailer t = q.createTailer()) {
            Bytes<?> b = Bytes.allocateElasticOnHeap();
            while (true) {
                b.clear();
                if (!t.readBytes(b)) {
                    return out;
                }
                out.add(b.toByteArray());
            }
        }
    }

    static void appendRaw(Path dataDir, List<byte[]> docs) {
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.binary(dataDir.resolve("chain")).rollCycle(ChainRollCycle.TWENTY_DAYS).build();
             ExcerptAppender a = q.createAppender()) {
            for (byte[] d : docs) {
                a.writeBytes(Bytes.wrapForRead(d));
            }
        }
    }

    /** Finds {@code needle} in the queue's .cq4 files and flips one bit of byte {@code offset} of it. */
    static void flipInFile(Path dataDir, byte[] needle, int offset) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dataDir.resolve("chain"))) {
            files = s.filter(p -> p.toString().endsWith(".cq4")).toList();
        }
        for (Path f : files) {
            byte[] content = Files.readAllBytes(f);
            int at = indexOf(content, needle);
            if (at >= 0) {
                content[at + offset] ^= 0x01;
                Files.write(f, content);
                return;
            }
        }
        throw new AssertionError("entry bytes not found in queue files");
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
