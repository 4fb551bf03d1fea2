package atenet.redolog.store;

import atenet.redolog.chain.AuthorityException;
import atenet.redolog.chain.ChainMissingException;
import atenet.redolog.chain.ChainRuleException;
import atenet.redolog.chain.ChainRules;
import atenet.redolog.chain.ChainVerificationException;
import atenet.redolog.chain.ChainVerifier;
import atenet.redolog.entry.EntryBody;
import atenet.redolog.entry.EntryFormatException;
import atenet.redolog.entry.Genesis;
import atenet.redolog.entry.LogEntry;
import atenet.redolog.entry.LogEntryCodec;
import atenet.redolog.keys.Ed25519KeyPair;
import atenet.redolog.repl.SubmitResult;
import atenet.redolog.state.ChainState;
import atenet.redolog.state.StateFolder;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * One chain of trust stored in a Chronicle Queue at {@code dataDir/chain}, verified and folded into a
 * {@link ChainState}.
 *
 * <h2>Storage</h2>
 * Each entry is one Chronicle document holding the raw canonical bytes of {@link LogEntryCodec}
 * ({@code appender.writeBytes} / {@code tailer.readBytes}); roll cycle {@link ChainRollCycle} (one file per 20 days), so a chain stays
 * in few files. Beside the queue: {@code chain.lock} (inter-process append lock) and {@code chain.head}
 * (sequence + hash of the last appended entry, for truncation detection).
 *
 * <h2>Verification</h2>
 * {@link #open} reads every entry and checks structure, sequence, hash link, signature, authority and
 * semantics ({@link ChainVerifier}), then compares the tail with {@code chain.head}: a queue that ends before the
 * head's sequence, or has another hash there, is refused. The first failure is a
 * {@link ChainVerificationException} naming the entry. {@link #poll} verifies entries written by other
 * processes the same way; after a failure the chain stays broken (every later call throws the same exception).
 *
 * <h2>Appending</h2>
 * {@link #append} takes a JVM-level lock and then an exclusive {@link FileChannel#lock()} on {@code chain.lock},
 * catches up with entries other processes appended (they are kept for the next {@link #poll}), checks
 * authority and semantics against the folded state, signs, writes, reads its own entry back through the
 * verifying path, folds it and rewrites {@code chain.head}. So two processes never fork the chain.
 *
 * <h2>Threading</h2>
 * <b>Single-threaded</b>: a Chain (its Chronicle appender and tailer, and its {@link ChainState}) is owned by
 * one thread or verticle, which alone calls append/poll/state/close. It may be handed to another thread
 * before use (Chronicle's own thread check is disabled; this class is the guard), but never used from two
 * threads at once. Other processes and other Chain instances on the same directory are fine.
 */
public final class Chain implements AutoCloseable {
    public static final String CHAIN_DIR = "chain";
    public static final String LOCK_FILE = "chain.lock";
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path dataDir;
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private ExcerptAppender appender;
    private final StateFolder folder = new StateFolder();
    private final Bytes<?> buf = Bytes.allocateElasticOnHeap(512);
    /** Entries caught up during append, not yet returned by poll. */
    private final List<LogEntry> pending = new ArrayList<>();
    /** During open only: which entries' operator signatures were checked already, and with which key. */
    private byte[][] operatorChecked;
    /** The newest head not yet in {@code chain.head} (appends in a burst write it at most every {@link #HEAD_WRITE_NANOS}). */
    private ChainHead unwrittenHead;
    private long headWrittenAt = System.nanoTime() - HEAD_WRITE_NANOS;
    /** While an appended entry is read back: its hash and the key its signature was verified with. */
    private byte[] justWrittenHash;
    private byte[] justWrittenKey;
    private byte[] operatorKeyForCheck;
    /** Reads stored entries for {@link #storedHash} (replays): created on first use. */
    private ExcerptTailer replayTailer;
    private long replayPosition;
    private final LongSupplier clock;
    /** Number of verified entries = next expected sequence. */
    private long position;
    private ChainVerificationException broken;
    private boolean closed;
    /** Null unless {@link #guardRollback} was called (the node does; tok does not). */
    private HighWaterMark highWater;

    private Chain(Path dataDir, LongSupplier clock) {
        this.dataDir = dataDir;
        this.clock = clock;
        this.queue = SingleChronicleQueueBuilder.binary(dataDir.resolve(CHAIN_DIR)).rollCycle(ChainRollCycle.TWENTY_DAYS).build();
        this.tailer = queue.createTailer();
        this.tailer.singleThreadedCheckDisabled(true);
        this.buf.singleThreadedCheckDisabled(true);      // handed to another thread before use: see "Threading"
    }

    /** @return true if dataDir/chain holds a queue with at least one entry */
    public static boolean exists(Path dataDir) {
        Path dir = dataDir.resolve(CHAIN_DIR);
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            if (files.noneMatch(p -> p.getFileName().toString().endsWith(".cq4"))) {
                return false;
            }
        } catch (IOException e) {
            return true;
        }
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.binary(dir).rollCycle(ChainRollCycle.TWENTY_DAYS).build();
             ExcerptTailer t = q.createTailer()) {
            return t.readBytes(Bytes.allocateElasticOnHeap(256));
        } catch (RuntimeException e) {
            return true; // something is there: never treat it as free to overwrite
        }
    }

    /**
     * Opens and verifies dataDir/chain.
     *
     * @throws ChainMissingException      if there is no chain
     * @throws ChainVerificationException naming the first bad or missing entry
     */
    public static Chain open(Path dataDir) {
        return open(dataDir, System::currentTimeMillis);
    }

    /** {@link #open(Path)} with a clock for entry times (tests). */
    public static Chain open(Path dataDir, LongSupplier clock) {
        if (!exists(dataDir)) {
            throw new ChainMissingException("no chain in " + dataDir.resolve(CHAIN_DIR)
                    + " (run `tok init --data " + dataDir + "` first, or check --data)");
        }
        Chain c = new Chain(dataDir, clock);
        try {
            c.operatorChecked = c.checkOperatorSignatures();
            c.catchUp(null);
            c.operatorChecked = null;
            c.checkHead();
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Creates dataDir (if needed) and a new chain whose genesis names {@code operator}.
     *
     * @throws IllegalStateException if a chain already exists there
     */
    public static Chain create(Path dataDir, Ed25519KeyPair operator, String chainName) {
        return create(dataDir, operator, chainName, System::currentTimeMillis);
    }

    public static Chain create(Path dataDir, Ed25519KeyPair operator, String chainName, LongSupplier clock) {
        Genesis genesis = new Genesis(operator.publicKey(), chainName);
        return createLocked(dataDir, clock, c -> c.writeLocked(genesis, operator));
    }

    /**
     * Creates dataDir (if needed) and, under both locks, a new chain that {@code fill} writes its first entries
     * into; a failure closes it again.
     *
     * @throws IllegalStateException if a chain already exists there
     */
    private static Chain createLocked(Path dataDir, LongSupplier clock, java.util.function.Consumer<Chain> fill) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
        }
        ReentrantLock jvmLock = jvmLock(dataDir);
        jvmLock.lock();
        try (FileChannel ch = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            if (exists(dataDir)) {
                throw new IllegalStateException("a chain already exists in " + dataDir.resolve(CHAIN_DIR));
            }
            Chain c = new Chain(dataDir, clock);
            try {
                fill.accept(c);
                return c;
            } catch (RuntimeException e) {
                c.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + dataDir.resolve(LOCK_FILE) + ": " + e.getMessage(), e);
        } finally {
            jvmLock.unlock();
        }
    }

    /**
     * Creates dataDir's chain as a copy of another node's: every entry is verified as {@link #open} would (structure,
     * sequence, hash link, signature, authority, rules) before it is written. For a node that joins a fabric.
     *
     * @param expectedChainId the chain id the copy must have (from the operator's enrolment grant)
     * @throws ChainVerificationException naming the first entry that does not verify, or a wrong chain id
     * @throws IllegalStateException      if a chain already exists there
     */
    public static Chain adopt(Path dataDir, List<byte[]> entries, byte[] expectedChainId) {
        if (entries.isEmpty()) {
            throw new ChainVerificationException(0, "the chain to copy is empty");
        }
        return createLocked(dataDir, System::currentTimeMillis, c -> {
            for (byte[] e : entries) {
                SubmitResult r = c.writeSignedLocked(e);
                if (!r.appended()) {
                    throw new ChainVerificationException(c.position, "chain entry " + c.position + " of the copy: " + r.reason());
                }
                if (c.position == 1 && !Arrays.equals(c.chainId(), expectedChainId)) {
                    throw new ChainVerificationException(0, "the copy is another chain (id " + c.headHashHex()
                            + ") than the one the enrolment grant names");
                }
            }
        });
    }

    /**
     * The stored documents of dataDir's chain from position {@code from} on, as they are on disk (not verified: for
     * a member that sends its copy to another, which verifies everything it receives), up to about
     * {@code maxBytes}.
     */
    public static List<byte[]> readStored(Path dataDir, long from, int maxBytes) {
        List<byte[]> out = new ArrayList<>();
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.binary(dataDir.resolve(CHAIN_DIR)).rollCycle(ChainRollCycle.TWENTY_DAYS)
                .readOnly(true).build();
             ExcerptTailer t = q.createTailer()) {
            Bytes<?> b = Bytes.allocateElasticOnHeap(512);
            long total = 0;
            for (long i = 0; total < maxBytes; i++) {
                b.clear();
                if (!t.readBytes(b)) {
                    break;
                }
                if (i >= from) {
                    byte[] e = b.toByteArray();
                    out.add(e);
                    total += e.length;
                }
            }
        }
        return out;
    }

    /** The folded state: a read-only view updated by append/poll (see {@link ChainState}). */
    public ChainState state() {
        return folder.state();
    }

    /** Hash of the genesis entry (a copy). */
    public byte[] chainId() {
        return folder.state().chainId();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Number of verified entries (= last sequence + 1). */
    public long size() {
        return position;
    }

    /**
     * Appends one entry signed by {@code author}, under the inter-process lock, after catching up with other writers.
     *
     * @throws AuthorityException         if the author may not write it (nothing is stored)
     * @throws ChainRuleException         if it contradicts the state (nothing is stored)
     * @throws ChainVerificationException if an entry written by another process fails verification
     */
    public LogEntry append(EntryBody body, Ed25519KeyPair author) {
        return underLocks(() -> writeLocked(body, author));
    }

    /**
     * Runs {@code write} under the JVM lock and the inter-process lock on {@code chain.lock}, after catching up with
     * what other writers appended (kept for the next poll), then moves the high-water mark.
     */
    private <T> T underLocks(java.util.function.Supplier<T> write) {
        ensureUsable();
        ReentrantLock jvmLock = jvmLock(dataDir);
        jvmLock.lock();
        try (FileChannel ch = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            catchUp(pending);
            T result = write.get();
            noteHighWater();
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + dataDir.resolve(LOCK_FILE) + ": " + e.getMessage(), e);
        } finally {
            jvmLock.unlock();
        }
    }

    /**
     * Signs {@code body} as the entry after the head this chain has verified (after catching up with other
     * writers), without writing it: the replicated path submits it through Raft ({@code ChainReplica}), and every
     * member appends it with {@link #appendSigned}.
     *
     * @throws AuthorityException if the author may not write it
     * @throws ChainRuleException if it contradicts the state
     */
    public LogEntry signNext(EntryBody body, Ed25519KeyPair author) {
        ensureUsable();
        catchUp(pending);
        ChainState s = folder.state();
        ChainRules.check(s, author.keyId(), body);
        return LogEntryCodec.sign(position, clock.getAsLong(), s.lastHash(), body, author);
    }

    /**
     * Appends an entry its author already signed (the replicated path: Raft ordered it, every member applies it
     * here), under the inter-process lock, after catching up with other writers. It must follow the head exactly
     * and pass everything {@link ChainVerifier} checks; an entry this chain already holds (a Raft log replayed
     * after a restart) is answered as appended again, without writing. Never throws for bad input.
     *
     * @return appended; stale (signed on another head: the author re-reads it and signs again); or refused with
     *         the verifier's reason
     * @throws ChainVerificationException if an entry written by another process fails verification (the chain is
     *                                    broken; nothing is appended any more)
     */
    public SubmitResult appendSigned(byte[] encoded) {
        return underLocks(() -> writeSignedLocked(encoded));
    }

    private SubmitResult writeSignedLocked(byte[] encoded) {
        long head = position - 1;
        LogEntry e;
        try {
            e = LogEntryCodec.decode(encoded);
        } catch (EntryFormatException ex) {
            return SubmitResult.refused(head, "malformed entry: " + ex.getMessage());
        }
        if (e.sequence() < position) {
            if (Arrays.equals(storedHash(e.sequence()), e.hash())) {
                return SubmitResult.appended(e.sequence());       // already applied (a replayed Raft log)
            }
            return SubmitResult.stale(head, "entry " + e.sequence() + " was signed on an older head; the chain is at entry " + head);
        }
        if (e.sequence() > position) {
            return SubmitResult.stale(head, "entry " + e.sequence() + " is ahead of the chain, which is at entry " + head);
        }
        if (!Arrays.equals(e.prevHash(), folder.state().lastHash())) {
            return SubmitResult.stale(head, "entry " + e.sequence() + " does not follow this chain's entry " + head + " (another head)");
        }
        try {
            ChainVerifier.verifyNext(folder.state(), encoded, position, -1);
        } catch (ChainVerificationException ex) {
            return SubmitResult.refused(head, ex.getMessage());
        }
        byte[] key = ChainRules.authorKey(folder.state(), e.authorKeyId(), e.body()).orElse(null);
        LogEntry written = writeEncodedLocked(e, key);
        return SubmitResult.appended(written.sequence());
    }

    /** The hash of stored entry {@code sequence} (&lt; position), read forward from the last one asked for. */
    private byte[] storedHash(long sequence) {
        if (replayTailer == null || sequence < replayPosition) {
            if (replayTailer != null) {
                replayTailer.close();
            }
            replayTailer = queue.createTailer();
            replayTailer.singleThreadedCheckDisabled(true);
            replayPosition = 0;
        }
        Bytes<?> b = Bytes.allocateElasticOnHeap(512);
        while (replayPosition <= sequence) {
            b.clear();
            if (!replayTailer.readBytes(b)) {
                return null;
            }
            replayPosition++;
        }
        return LogEntryCodec.decode(b.toByteArray()).hash();
    }

    /** Caller holds both locks and has caught up. */
    private LogEntry writeLocked(EntryBody body, Ed25519KeyPair author) {
        ChainState s = folder.state();
        ChainRules.check(s, author.keyId(), body);
        LogEntry e = LogEntryCodec.sign(position, clock.getAsLong(), s.lastHash(), body, author);
        return writeEncodedLocked(e, author.publicKey());
    }

    /** Writes a checked entry, reads it back through the verifying path and moves the head. Caller holds both locks. */
    private LogEntry writeEncodedLocked(LogEntry e, byte[] verifiedWith) {
        if (appender == null) {
            appender = queue.createAppender();
            appender.singleThreadedCheckDisabled(true);
        }
        appender.writeBytes(Bytes.wrapForRead(e.encoded()));
        List<LogEntry> mine = new ArrayList<>(1);
        justWrittenHash = e.hash();                   // read back through the verifying path, its signature not twice
        justWrittenKey = verifiedWith;
        try {
            catchUp(mine);
        } finally {
            justWrittenHash = null;
            justWrittenKey = null;
        }
        if (mine.size() != 1 || !Arrays.equals(mine.get(0).hash(), e.hash())) {
            throw new IllegalStateException("chain append raced with another writer (the lock in " + dataDir.resolve(LOCK_FILE)
                    + " was bypassed?): read back " + mine.size() + " entries");
        }
        noteHead(new ChainHead(e.sequence(), e.hash()));
        return mine.get(0);
    }

    /**
     * Reads, verifies and folds the entries other processes (or other Chain instances) appended since the last
     * call, including those this instance caught up with while appending.
     *
     * @return the new entries in order, empty if none
     * @throws ChainVerificationException for a bad entry; the chain then stays broken
     */
    public List<LogEntry> poll() {
        ensureUsable();
        writeHead();
        List<LogEntry> out = new ArrayList<>(pending);
        pending.clear();
        catchUp(out);
        noteHighWater();
        return out;
    }

    /**
     * Reads and verifies what other writers appended since, without handing it out: those entries stay for the next
     * {@link #poll} (the node's follower sees them). A replicated author waits with this for its own entry.
     *
     * @throws ChainVerificationException for a bad entry; the chain then stays broken
     */
    public void refresh() {
        ensureUsable();
        writeHead();
        catchUp(pending);
        noteHighWater();
    }

    /** All verified entries from genesis, re-read from the queue (for listing; not for the hot path). */
    public List<LogEntry> entries() {
        ensureUsable();
        List<LogEntry> out = new ArrayList<>();
        try (ExcerptTailer t = queue.createTailer()) {
            t.singleThreadedCheckDisabled(true);
            Bytes<?> b = Bytes.allocateElasticOnHeap(512);
            for (long i = 0; i < position; i++) {
                b.clear();
                if (!t.readBytes(b)) {
                    break;
                }
                out.add(LogEntryCodec.decode(b.toByteArray()));
            }
        }
        return out;
    }

    /** Last verified entry's hash as hex. */
    public String headHashHex() {
        return HexFormat.of().formatHex(folder.state().lastHash());
    }

    /**
     * At open: the signatures of the entries the operator key signed, checked on every core at once (Ed25519 is
     * most of the time a node spends verifying its chain on start). Element i is the SHA-256 of document i when its
     * author key id is the operator's and its signature verifies with that key; {@link #catchUp} then skips only
     * that check, only for the same bytes, and only when the state names that same key as the author (everything
     * else is still checked in order). An entry that cannot be read or decoded here is left to the ordered pass.
     */
    private byte[][] checkOperatorSignatures() {
        List<byte[]> all = new ArrayList<>();
        try (ExcerptTailer t = queue.createTailer()) {
            t.singleThreadedCheckDisabled(true);
            Bytes<?> b = Bytes.allocateElasticOnHeap(512);
            b.singleThreadedCheckDisabled(true);
            while (true) {
                b.clear();
                if (!t.readBytes(b)) {
                    break;
                }
                all.add(b.toByteArray());
            }
        } catch (RuntimeException e) {
            return null;                                 // the ordered pass reads again and names the problem
        }
        byte[][] ok = new byte[all.size()][];
        if (all.isEmpty()) {
            return ok;
        }
        byte[] operator;
        try {
            if (!(LogEntryCodec.decode(all.get(0)).body() instanceof Genesis g)) {
                return ok;
            }
            operator = g.operatorKey();
        } catch (RuntimeException e) {
            return ok;
        }
        operatorKeyForCheck = operator;
        long operatorId = atenet.wire.crypto.KeyId.of(operator);
        java.util.stream.IntStream.range(0, all.size()).parallel().forEach(i -> {
            try {
                LogEntry e = LogEntryCodec.decode(all.get(i));
                if (e.authorKeyId() == operatorId
                        && Ed25519KeyPair.verify(operator, e.encoded(), 0, LogEntryCodec.signedLength(e), e.signature())) {
                    ok[i] = e.hash();                     // distinct elements: no two threads write one
                }
            } catch (RuntimeException ignored) {
                // left to the ordered pass
            }
        });
        return ok;
    }

    private void catchUp(List<LogEntry> sink) {
        while (true) {
            long index = tailer.index();
            byte[] encoded;
            try {
                buf.clear();
                if (!tailer.readBytes(buf)) {
                    return;
                }
                index = tailer.lastReadIndex();
                encoded = buf.toByteArray();
            } catch (RuntimeException ex) {
                throw fail(new ChainVerificationException(position, ChainVerifier.where(position, index)
                        + ": unreadable queue document: " + ex.getMessage(), ex));
            }
            LogEntry e;
            try {
                byte[] checkedBy = justWrittenHash != null && Arrays.equals(justWrittenHash, atenet.wire.crypto.KeyId.sha256(encoded))
                        ? justWrittenKey                         // this very entry was verified just before it was written
                        : operatorChecked != null && position < operatorChecked.length
                        && operatorChecked[(int) position] != null
                        && Arrays.equals(operatorChecked[(int) position], atenet.wire.crypto.KeyId.sha256(encoded))
                        ? operatorKeyForCheck : null;            // the very bytes whose signature was checked
                e = ChainVerifier.verifyNext(folder.state(), encoded, position, index, checkedBy);
            } catch (ChainVerificationException ex) {
                throw fail(ex);
            }
            folder.apply(e);
            position++;
            if (sink != null) {
                sink.add(e);
            }
        }
    }

    private void checkHead() {
        Optional<ChainHead> head = ChainHead.read(dataDir);
        if (head.isEmpty()) {
            return;
        }
        ChainHead h = head.get();
        long last = position - 1;
        if (last < h.sequence()) {
            throw fail(new ChainVerificationException(position, "chain entry " + position + " is missing: "
                    + ChainHead.FILE + " says the chain reaches entry " + h.sequence() + " (hash " + h.hashHex()
                    + ") but the queue ends at entry " + last + ": the chain was truncated"));
        }
        List<LogEntry> all = entries();
        LogEntry at = all.get((int) h.sequence());
        if (!Arrays.equals(at.hash(), h.hash())) {
            throw fail(new ChainVerificationException(h.sequence(), "chain entry " + h.sequence() + ": hash " + at.hashHex()
                    + " differs from " + ChainHead.FILE + " (" + h.hashHex() + "): the chain was rewritten from that entry on"));
        }
    }

    /**
     * Refuses a chain shorter than, or diverging from, the highest entry this node verified before (recorded in
     * {@code mark}'s state directory, outside the data directory), then keeps that record up to date after every
     * append and poll (at most one write a second) and on close.
     *
     * @throws ChainVerificationException naming both sequences (the chain then stays broken)
     */
    public void guardRollback(HighWaterMark mark) {
        ensureUsable();
        Optional<ChainHead> seen = mark.load(chainId());
        if (seen.isPresent()) {
            ChainHead h = seen.get();
            long last = position - 1;
            if (last < h.sequence()) {
                throw fail(new ChainVerificationException(position, "the chain ends at entry " + last
                        + ", but this node verified entry " + h.sequence() + " (hash " + h.hashHex() + ") before, as "
                        + mark.file() + " records: the chain was rolled back (an older copy restored?); refusing it"));
            }
            LogEntry at = entries().get((int) h.sequence());
            if (!Arrays.equals(at.hash(), h.hash())) {
                throw fail(new ChainVerificationException(h.sequence(), "chain entry " + h.sequence() + ": hash " + at.hashHex()
                        + " differs from the entry this node verified before (" + h.hashHex() + ", recorded in "
                        + mark.file() + "): the chain is diverging from what this node saw; refusing it"));
            }
        }
        highWater = mark;
        noteHighWater();
    }

    private void noteHighWater() {
        if (highWater != null && position > 0) {
            highWater.advance(position - 1, folder.state().lastHash());
        }
    }

    private ChainVerificationException fail(ChainVerificationException e) {
        broken = e;
        return e;
    }

    private void ensureUsable() {
        if (closed) {
            throw new IllegalStateException("chain in " + dataDir + " is closed");
        }
        if (broken != null) {
            throw broken;
        }
    }

    /**
     * {@code chain.head} is rewritten (temp file + rename, about 150 µs) after an append when the last write is
     * {@link #HEAD_WRITE_NANOS} old, else at the next append, poll, refresh or close: a burst of replicated entries
     * does not pay it per entry. The head then lags the queue by at most that long; it only ever names an entry the
     * queue holds (it is written after the entry was read back), so the truncation check stays sound.
     */
    static final long HEAD_WRITE_NANOS = 50_000_000L;

    private void noteHead(ChainHead h) {
        unwrittenHead = h;
        if (System.nanoTime() - headWrittenAt >= HEAD_WRITE_NANOS) {
            writeHead();
        }
    }

    private void writeHead() {
        if (unwrittenHead != null) {
            unwrittenHead.write(dataDir);
            unwrittenHead = null;
            headWrittenAt = System.nanoTime();
        }
    }

    private static ReentrantLock jvmLock(Path dataDir) {
        return JVM_LOCKS.computeIfAbsent(dataDir.toAbsolutePath().normalize(), p -> new ReentrantLock());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writeHead();
            if (highWater != null) {
                highWater.flush();                      // only verified heads are ever pending
            }
            if (appender != null) {
                appender.close();
            }
            tailer.close();
            if (replayTailer != null) {
                replayTailer.close();
            }
        } finally {
            queue.close();
        }
    }
}
