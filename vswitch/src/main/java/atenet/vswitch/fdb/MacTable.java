package atenet.vswitch.fdb;

import atenet.wire.frame.MacAddress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The forwarding database of one network: which port a source MAC address was last seen on.
 * Written after Open vSwitch's {@code lib/mac-learning.h}.
 *
 * <h2>What it does</h2>
 * <ul>
 *   <li><b>Learning.</b> {@link #learn} records "source MAC {@code m} entered through port
 *       {@code p} at time {@code t}". A group address (broadcast, multicast: the I/G bit) is never
 *       learned: no frame is ever sent <i>from</i> a group, so such a source is forged or broken.
 *       When a known MAC shows up on another port the entry <i>moves</i> (a VM migrated, a client
 *       reconnected through another node) and {@link #moved()} counts it.</li>
 *   <li><b>Lookup.</b> {@link #lookup} answers the port for a destination MAC, or {@code -1}
 *       when it is unknown <i>or expired</i>: an entry older than the aging time is as good as
 *       absent even before the sweep removes it, so a silent host is flooded to, not
 *       black-holed.</li>
 *   <li><b>Aging.</b> Default {@value #DEFAULT_AGING_SECONDS} s (OVS {@code MAC_ENTRY_DEFAULT_IDLE_TIME},
 *       IEEE 802.1D's default). There is no timer per entry (the vproxy anti-pattern): every port
 *       keeps its entries in an LRU list, oldest at the head, and one periodic {@link #sweep}
 *       pops expired heads. The sweep costs O(ports + expired entries).</li>
 *   <li><b>Hard cap, fair eviction.</b> At most {@code capacity} entries (default
 *       {@value #DEFAULT_CAPACITY}). When a new MAC arrives on a full table, the oldest entry of
 *       the port that holds the most entries is evicted (OVS {@code evict_mac_entry_fairly}). A
 *       port that floods random source MACs therefore fills the free space, then only ever evicts
 *       its own entries once it is the biggest: it cannot push out the other ports' hosts. This
 *       is a security property, not a tuning knob.</li>
 * </ul>
 *
 * <h2>Layout (everything preallocated in the constructor)</h2>
 * <pre>
 *  hash index (open addressing, linear probing, load factor ≤ 0.5, backward-shift deletion)
 *    slotMac[s]   : long  the 48-bit MAC in slot s
 *    slotEntry[s] : int   entry id, or NIL = empty
 *
 *  entry pool (capacity entries; a free entry is chained through entryNext)
 *    entryMac / entryPort / entryLastSeen / entrySlot (back pointer into the index)
 *    entryPrev / entryNext : intrusive doubly-linked LRU list of the entry's port
 *
 *  per port (maxPorts)
 *    portHead (oldest) / portTail (newest) / portCount
 *    usage buckets: ports chained by their entry count, so "the port with the most entries"
 *    is bucketHead[maxCount], found in O(1) (OVS keeps a heap for the same question).
 * </pre>
 * The hash is multiply-shift with a random odd multiplier chosen per table, so a peer cannot
 * precompute MACs that all land in one probe run.
 *
 * <h2>Time</h2>
 * Every method takes {@code nowNanos} from the caller (a {@code System.nanoTime()} read once per
 * batch, or a fake clock in tests); the table never reads a clock. Times are compared by
 * subtraction, so {@code nanoTime} wrap-around is harmless. The caller's clock must not go
 * backwards, or the LRU lists stop being ordered by time (entries would then merely age late).
 *
 * <h2>Threads</h2>
 * <b>Single-threaded: owned by the data-plane thread of its network's switch.</b> No locks, no
 * volatile fields. Status readers must ask that thread for a {@link #dump}, never call in from
 * another thread.
 *
 * <h2>Hot and cold paths</h2>
 * HOT PATH: {@link #learn}, {@link #lookup} — no allocation, no locks, no logging.
 * Periodic: {@link #sweep} — no allocation. COLD PATH: {@link #flushPort}, {@link #dump}.
 */
public final class MacTable {
    public static final int DEFAULT_CAPACITY = 8192;
    public static final int DEFAULT_MAX_PORTS = 4096;
    public static final long DEFAULT_AGING_SECONDS = 300;
    public static final long DEFAULT_AGING_NANOS = DEFAULT_AGING_SECONDS * 1_000_000_000L;

    private static final int NIL = -1;

    private final int capacity;
    private final int maxPorts;
    private final long agingNanos;

    // --- hash index -------------------------------------------------------------------------
    private final long hashMultiplier;
    private final int hashShift;
    private final int mask;
    private final long[] slotMac;
    private final int[] slotEntry;

    // --- entry pool -------------------------------------------------------------------------
    private final long[] entryMac;
    private final int[] entryPort;
    private final long[] entryLastSeen;
    private final int[] entrySlot;
    private final int[] entryPrev;
    private final int[] entryNext;
    private int freeHead;
    private int size;

    // --- per port: LRU list and usage buckets -----------------------------------------------
    private final int[] portHead;
    private final int[] portTail;
    private final int[] portCount;
    private final int[] bucketHead;
    private final int[] portBucketPrev;
    private final int[] portBucketNext;
    private int maxCount;

    // --- counters (monotonic) ---------------------------------------------------------------
    private long learned;
    private long moved;
    private long evicted;
    private long aged;

    /** A table with {@link #DEFAULT_CAPACITY}, {@link #DEFAULT_MAX_PORTS} and 300 s aging. */
    public MacTable() {
        this(DEFAULT_CAPACITY, DEFAULT_MAX_PORTS, DEFAULT_AGING_NANOS);
    }

    /**
     * @param capacity   hard cap on entries, 1 .. 2^28
     * @param maxPorts   port indexes accepted are {@code 0 .. maxPorts-1}
     * @param agingNanos an entry not refreshed for this long is expired, &gt; 0
     */
    public MacTable(int capacity, int maxPorts, long agingNanos) {
        this(capacity, maxPorts, agingNanos, ThreadLocalRandom.current().nextLong() | 1L);
    }

    /** As {@link #MacTable(int, int, long)} with a fixed hash multiplier (tests). */
    MacTable(int capacity, int maxPorts, long agingNanos, long hashMultiplier) {
        if (capacity < 1 || capacity > (1 << 28)) {
            throw new IllegalArgumentException("MAC table capacity must be 1 .. 2^28, got " + capacity);
        }
        if (maxPorts < 1) {
            throw new IllegalArgumentException("maxPorts must be at least 1, got " + maxPorts);
        }
        if (agingNanos <= 0) {
            throw new IllegalArgumentException("aging time must be positive, got " + agingNanos + " ns");
        }
        this.capacity = capacity;
        this.maxPorts = maxPorts;
        this.agingNanos = agingNanos;
        this.hashMultiplier = hashMultiplier | 1L;

        // Load factor at most 0.5: slots = next power of two >= 2 * capacity.
        int slots = Integer.highestOneBit(Math.max(2, capacity * 2 - 1)) << 1;
        this.mask = slots - 1;
        this.hashShift = 64 - Integer.numberOfTrailingZeros(slots);
        this.slotMac = new long[slots];
        this.slotEntry = new int[slots];
        Arrays.fill(slotEntry, NIL);

        this.entryMac = new long[capacity];
        this.entryPort = new int[capacity];
        this.entryLastSeen = new long[capacity];
        this.entrySlot = new int[capacity];
        this.entryPrev = new int[capacity];
        this.entryNext = new int[capacity];
        for (int e = 0; e < capacity; e++) {
            entryNext[e] = e + 1 < capacity ? e + 1 : NIL;
        }
        this.freeHead = 0;

        this.portHead = new int[maxPorts];
        this.portTail = new int[maxPorts];
        this.portCount = new int[maxPorts];
        Arrays.fill(portHead, NIL);
        Arrays.fill(portTail, NIL);
        this.bucketHead = new int[capacity + 1];
        Arrays.fill(bucketHead, NIL);
        this.portBucketPrev = new int[maxPorts];
        this.portBucketNext = new int[maxPorts];
    }

    // =========================================================================================
    // HOT PATH
    // =========================================================================================

    /**
     * HOT PATH. Records that {@code mac} was seen as a source on {@code port} at {@code nowNanos}.
     * A group source is ignored. An entry already on another port moves (counted); an expired
     * one is re-learned as new (counted as aged and learned). On a full table, a new MAC first
     * evicts fairly.
     *
     * @return true when the table changed its answer for {@code mac} (new entry or a move),
     *         false when it only refreshed the time, or ignored a group address
     */
    public boolean learn(long mac, int port, long nowNanos) {
        if (MacAddress.isMulticast(mac)) {
            return false;
        }
        checkPort(port);
        int s = findSlot(mac);
        if (s >= 0) {
            int e = slotEntry[s];
            int oldPort = entryPort[e];
            boolean expired = nowNanos - entryLastSeen[e] >= agingNanos;
            entryLastSeen[e] = nowNanos;
            unlink(e, oldPort);
            linkTail(e, port);
            if (oldPort != port) {
                decCount(oldPort);
                incCount(port);
                entryPort[e] = port;
            }
            if (expired) {
                aged++;
                learned++;
                return true;
            }
            if (oldPort != port) {
                moved++;
                return true;
            }
            return false;
        }
        if (size == capacity) {
            evictFairly();
            s = findSlot(mac); // backward shift may have moved the free slot
        }
        int slot = ~s;
        int e = freeHead;
        freeHead = entryNext[e];
        entryMac[e] = mac;
        entryPort[e] = port;
        entryLastSeen[e] = nowNanos;
        entrySlot[e] = slot;
        slotMac[slot] = mac;
        slotEntry[slot] = e;
        linkTail(e, port);
        incCount(port);
        size++;
        learned++;
        return true;
    }

    /**
     * HOT PATH. The port {@code mac} was last seen on, or -1 when it is unknown or its entry has
     * expired (the caller then floods). Does not refresh the entry: only traffic <i>from</i> a
     * MAC keeps it alive.
     */
    public int lookup(long mac, long nowNanos) {
        int s = findSlot(mac);
        if (s < 0) {
            return -1;
        }
        int e = slotEntry[s];
        if (nowNanos - entryLastSeen[e] >= agingNanos) {
            return -1;
        }
        return entryPort[e];
    }

    // =========================================================================================
    // Periodic and cold paths
    // =========================================================================================

    /**
     * Periodic (call every few seconds from the owning thread; no allocation). Removes every
     * entry not refreshed for the aging time.
     *
     * @return how many entries it removed
     */
    public int sweep(long nowNanos) {
        int removed = 0;
        for (int p = 0; p < maxPorts; p++) {
            while (portCount[p] > 0) {
                int e = portHead[p];
                if (nowNanos - entryLastSeen[e] < agingNanos) {
                    break; // the rest of this port's list is younger
                }
                removeEntry(e);
                removed++;
            }
        }
        aged += removed;
        return removed;
    }

    /**
     * COLD PATH. Forgets every MAC learned on {@code port}; call when the port goes away so that
     * frames to its hosts flood (and find them elsewhere) instead of going nowhere.
     *
     * @return how many entries it removed
     */
    public int flushPort(int port) {
        checkPort(port);
        int removed = 0;
        while (portCount[port] > 0) {
            removeEntry(portHead[port]);
            removed++;
        }
        return removed;
    }

    /**
     * COLD PATH (allocates). Every entry, expired or not, sorted by port then MAC, for status
     * output ({@code tok status}, like OVS {@code fdb/show}).
     */
    public List<FdbEntry> dump(long nowNanos) {
        List<FdbEntry> out = new ArrayList<>(size);
        for (int p = 0; p < maxPorts; p++) {
            for (int e = portHead[p]; e != NIL; e = entryNext[e]) {
                long age = Math.max(0, nowNanos - entryLastSeen[e]) / 1_000_000_000L;
                out.add(new FdbEntry(entryMac[e], p, age));
            }
        }
        out.sort(Comparator.comparingInt(FdbEntry::port).thenComparingLong(FdbEntry::mac));
        return out;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    public int maxPorts() {
        return maxPorts;
    }

    public long agingNanos() {
        return agingNanos;
    }

    /** Entries currently held for {@code port}, expired ones included until the sweep. */
    public int portEntries(int port) {
        checkPort(port);
        return portCount[port];
    }

    /** New entries created (including expired entries re-learned). */
    public long learned() {
        return learned;
    }

    /** Known MACs that showed up on another port. */
    public long moved() {
        return moved;
    }

    /** Entries pushed out by the cap. */
    public long evicted() {
        return evicted;
    }

    /** Entries that expired (removed by the sweep, or re-learned after expiry). */
    public long aged() {
        return aged;
    }

    // =========================================================================================
    // Internals (no allocation)
    // =========================================================================================

    private void checkPort(int port) {
        if (port < 0 || port >= maxPorts) {
            throw new IllegalArgumentException("port index " + port + " outside 0.." + (maxPorts - 1));
        }
    }

    private int home(long mac) {
        return (int) ((mac * hashMultiplier) >>> hashShift);
    }

    /** Slot holding {@code mac}, or {@code ~slot} of the empty slot where it would go. */
    private int findSlot(long mac) {
        int s = home(mac);
        while (true) {
            int e = slotEntry[s];
            if (e == NIL) {
                return ~s;
            }
            if (slotMac[s] == mac) {
                return s;
            }
            s = (s + 1) & mask;
        }
    }

    /** The table is full: drop the oldest entry of the port holding the most entries. */
    private void evictFairly() {
        int port = bucketHead[maxCount];
        removeEntry(portHead[port]);
        evicted++;
    }

    private void removeEntry(int e) {
        int port = entryPort[e];
        deleteSlot(entrySlot[e]);
        unlink(e, port);
        decCount(port);
        entryNext[e] = freeHead;
        freeHead = e;
        size--;
    }

    /**
     * Backward-shift deletion (Knuth 6.4 Algorithm R): after emptying slot {@code hole}, walk the
     * probe run that follows and pull back every entry whose home slot is not cyclically in
     * (hole, j], so no lookup ever stops early at the hole. No tombstones, so probe runs never
     * grow from churn.
     */
    private void deleteSlot(int hole) {
        int j = hole;
        while (true) {
            j = (j + 1) & mask;
            int e = slotEntry[j];
            if (e == NIL) {
                break;
            }
            int k = home(slotMac[j]);
            boolean homeInGap = hole <= j ? (hole < k && k <= j) : (hole < k || k <= j);
            if (!homeInGap) {
                slotMac[hole] = slotMac[j];
                slotEntry[hole] = e;
                entrySlot[e] = hole;
                hole = j;
            }
        }
        slotEntry[hole] = NIL;
    }

    private void linkTail(int e, int port) {
        int tail = portTail[port];
        entryPrev[e] = tail;
        entryNext[e] = NIL;
        if (tail == NIL) {
            portHead[port] = e;
        } else {
            entryNext[tail] = e;
        }
        portTail[port] = e;
    }

    private void unlink(int e, int port) {
        int prev = entryPrev[e];
        int next = entryNext[e];
        if (prev == NIL) {
            portHead[port] = next;
        } else {
            entryNext[prev] = next;
        }
        if (next == NIL) {
            portTail[port] = prev;
        } else {
            entryPrev[next] = prev;
        }
    }

    private void incCount(int port) {
        int c = portCount[port];
        if (c > 0) {
            bucketRemove(port, c);
        }
        c++;
        portCount[port] = c;
        bucketAdd(port, c);
        if (c > maxCount) {
            maxCount = c;
        }
    }

    private void decCount(int port) {
        int c = portCount[port];
        bucketRemove(port, c);
        portCount[port] = c - 1;
        if (c - 1 > 0) {
            bucketAdd(port, c - 1);
        }
        // If bucket c emptied and was the top, the new top is c-1: this port now sits there
        // (or c-1 == 0 and the table is empty).
        if (c == maxCount && bucketHead[c] == NIL) {
            maxCount = c - 1;
        }
    }

    private void bucketAdd(int port, int c) {
        int head = bucketHead[c];
        portBucketPrev[port] = NIL;
        portBucketNext[port] = head;
        if (head != NIL) {
            portBucketPrev[head] = port;
        }
        bucketHead[c] = port;
    }

    private void bucketRemove(int port, int c) {
        int prev = portBucketPrev[port];
        int next = portBucketNext[port];
        if (prev == NIL) {
            bucketHead[c] = next;
        } else {
            portBucketNext[prev] = next;
        }
        if (next != NIL) {
            portBucketPrev[next] = prev;
        }
    }

    /**
     * Test hook (allocates nothing but walks everything): throws {@link IllegalStateException}
     * naming the first broken invariant between the index, the entry pool, the LRU lists and the
     * usage buckets.
     */
    void checkInvariants() {
        int inIndex = 0;
        for (int s = 0; s <= mask; s++) {
            int e = slotEntry[s];
            if (e == NIL) {
                continue;
            }
            inIndex++;
            if (entrySlot[e] != s || entryMac[e] != slotMac[s]) {
                throw new IllegalStateException("slot " + s + " and entry " + e + " disagree");
            }
            if (findSlot(slotMac[s]) != s) {
                throw new IllegalStateException("MAC in slot " + s + " not reachable from its home slot");
            }
        }
        if (inIndex != size) {
            throw new IllegalStateException("index holds " + inIndex + " entries, size is " + size);
        }
        int inLists = 0;
        int top = 0;
        for (int p = 0; p < maxPorts; p++) {
            int n = 0;
            int prev = NIL;
            for (int e = portHead[p]; e != NIL; e = entryNext[e]) {
                if (entryPort[e] != p || entryPrev[e] != prev) {
                    throw new IllegalStateException("LRU list of port " + p + " broken at entry " + e);
                }
                prev = e;
                n++;
            }
            if (portTail[p] != prev || n != portCount[p]) {
                throw new IllegalStateException("port " + p + " count/tail wrong");
            }
            inLists += n;
            top = Math.max(top, n);
        }
        if (inLists != size) {
            throw new IllegalStateException("LRU lists hold " + inLists + " entries, size is " + size);
        }
        if (top != maxCount) {
            throw new IllegalStateException("maxCount " + maxCount + " but the biggest port has " + top);
        }
        for (int c = 1; c <= capacity; c++) {
            for (int p = bucketHead[c]; p != NIL; p = portBucketNext[p]) {
                if (portCount[p] != c) {
                    throw new IllegalStateException("port " + p + " in bucket " + c + " has " + portCount[p]);
                }
            }
        }
    }
}
