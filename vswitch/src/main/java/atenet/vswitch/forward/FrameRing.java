package atenet.vswitch.forward;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A bounded queue of Ethernet frames with preallocated slots (Dmitry Vyukov's bounded MPMC queue): producers
 * copy a frame into a free slot, the consumer copies it out. No allocation and no lock per frame; a full ring
 * refuses the frame and counts it ({@link #dropped()}), so memory stays bounded whatever producers do.
 *
 * <p>Used as a network's ingress ring (ports on other threads offer, the data-plane thread drains) and as its
 * reply queue (an ethereal port answering from inside {@code transmit}; one thread).
 */
public final class FrameRing {
    /** Consumer callback; the array is the ring's own and is reused after the call returns. */
    public interface Sink {
        /** @param tag what the producer attached to the frame (for a network: the ingress port index) */
        void frame(int tag, byte[] frame, int off, int len);
    }

    private final int mask;
    private final byte[][] slots;
    private final int[] lengths;
    private final int[] tags;
    private final AtomicLongArray sequence;
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final int maxFrame;

    /**
     * @param capacity frames (rounded up to a power of two)
     * @param maxFrame largest frame in bytes (larger ones are dropped)
     */
    public FrameRing(int capacity, int maxFrame) {
        int cap = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        this.mask = cap - 1;
        this.slots = new byte[cap][maxFrame];
        this.lengths = new int[cap];
        this.tags = new int[cap];
        this.sequence = new AtomicLongArray(cap);
        for (int i = 0; i < cap; i++) {
            sequence.set(i, i);
        }
        this.maxFrame = maxFrame;
    }

    /** Any thread: copies the frame in, with its tag; false (counted) when full or too large. */
    public boolean offer(int tag, byte[] frame, int off, int len) {
        if (len < 0 || len > maxFrame) {
            dropped.incrementAndGet();
            return false;
        }
        long pos = tail.get();
        while (true) {
            int i = (int) (pos & mask);
            long seq = sequence.get(i);
            long dif = seq - pos;
            if (dif == 0) {
                if (tail.compareAndSet(pos, pos + 1)) {
                    System.arraycopy(frame, off, slots[i], 0, len);
                    lengths[i] = len;
                    tags[i] = tag;
                    sequence.set(i, pos + 1);            // publish
                    return true;
                }
                pos = tail.get();
            } else if (dif < 0) {
                dropped.incrementAndGet();               // full
                return false;
            } else {
                pos = tail.get();
            }
        }
    }

    /** One consumer thread: hands up to {@code max} frames to {@code sink}, oldest first; how many it handed. */
    public int drain(Sink sink, int max) {
        int n = 0;
        while (n < max) {
            long pos = head.get();
            int i = (int) (pos & mask);
            if (sequence.get(i) != pos + 1) {
                return n;                                // empty (or a producer is still copying)
            }
            head.set(pos + 1);
            try {
                sink.frame(tags[i], slots[i], 0, lengths[i]);
            } finally {
                sequence.set(i, pos + mask + 1);         // free the slot for the next lap
            }
            n++;
        }
        return n;
    }

    public boolean isEmpty() {
        long pos = head.get();
        return sequence.get((int) (pos & mask)) != pos + 1;
    }

    public long dropped() {
        return dropped.get();
    }

    public int capacity() {
        return mask + 1;
    }
}
