package atenet.wire.crypto;

/**
 * Sliding anti-replay window over 64-bit packet counters (RFC 6479 style bitmap).
 *
 * <p>Accepts a counter once. Counters more than {@link #WINDOW} below the highest seen are
 * refused as too old. Counter 0 is never valid. Call {@link #accept(long)} only after the packet
 * authenticated, so forged packets cannot move the window.
 *
 * <p>Not thread-safe: owned by the thread that receives the session's packets. Allocation-free.
 */
public final class ReplayWindow {
    private static final int WORD_BITS = 64;
    private static final int WORDS = 64;             // 4096 bits
    private static final int BITS = WORDS * WORD_BITS;
    /** Counters this far below the highest seen are still accepted once (one word is kept spare). */
    public static final int WINDOW = BITS - WORD_BITS; // 4032 >= 2048 required

    private final long[] bitmap = new long[WORDS];
    private long highest;

    /** True when {@code counter} has not been seen and is not too old. Does not change the window. */
    public boolean isFresh(long counter) {
        if (counter <= 0) {
            return false;                 // 0 is reserved; negative means wrapped past 2^63
        }
        if (counter > highest) {
            return true;
        }
        if (highest - counter >= WINDOW) {
            return false;
        }
        int bit = (int) (counter & (BITS - 1));
        return (bitmap[bit >>> 6] & (1L << (bit & 63))) == 0;
    }

    /**
     * Marks {@code counter} as seen.
     *
     * @return false (and no change) when it is a replay or too old
     */
    public boolean accept(long counter) {
        if (!isFresh(counter)) {
            return false;
        }
        if (counter > highest) {
            long fromWord = highest >>> 6;
            long toWord = counter >>> 6;
            long clear = Math.min(toWord - fromWord, WORDS);
            for (long i = 1; i <= clear; i++) {
                bitmap[(int) ((fromWord + i) & (WORDS - 1))] = 0;
            }
            highest = counter;
        }
        int bit = (int) (counter & (BITS - 1));
        bitmap[bit >>> 6] |= 1L << (bit & 63);
        return true;
    }

    public long highest() {
        return highest;
    }
}
