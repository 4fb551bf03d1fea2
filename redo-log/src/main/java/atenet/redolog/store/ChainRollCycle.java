package atenet.redolog.store;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.rollcycles.RollCycleArithmetic;

/**
 * The chain's Chronicle roll cycle: one file per 20 days (about 18 files a year, named by the cycle's first day,
 * e.g. {@code 20261103T.cq4}), up to 2^32 entries per file.
 * <p>Why not {@code RollCycles.WEEKLY}: with chronicle-queue 2026.4 a WEEKLY queue's files are not found again by
 * new tailers (the week-numbered file name does not map back to its cycle), so a reopened chain looked empty.
 * A cycle's length is an int of millis in Chronicle, so about 24 days is the longest possible; a day-based
 * name ({@code yyyyMMdd}) round-trips because 20-day cycles counted from the epoch start at midnight UTC.
 */
public enum ChainRollCycle implements RollCycle {
    TWENTY_DAYS;

    private static final int DAY_MILLIS = 86_400_000;
    private final RollCycleArithmetic arithmetic = RollCycleArithmetic.of(8 << 10, 64);

    @Override
    public String format() {
        return "yyyyMMdd'T'";
    }

    @Override
    public int lengthInMillis() {
        return 20 * DAY_MILLIS;
    }

    @Override
    public int defaultEpoch() {
        return 0;
    }

    @Override
    public int defaultIndexCount() {
        return arithmetic.indexCount();
    }

    @Override
    public int defaultIndexSpacing() {
        return arithmetic.indexSpacing();
    }

    @Override
    public long toIndex(int cycle, long sequenceNumber) {
        return arithmetic.toIndex(cycle, sequenceNumber);
    }

    @Override
    public long toSequenceNumber(long index) {
        return arithmetic.toSequenceNumber(index);
    }

    @Override
    public int toCycle(long index) {
        return arithmetic.toCycle(index);
    }

    @Override
    public long maxMessagesPerCycle() {
        return arithmetic.maxMessagesPerCycle();
    }
}
