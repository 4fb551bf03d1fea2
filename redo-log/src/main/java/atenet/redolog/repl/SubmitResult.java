package atenet.redolog.repl;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a member answered for one submitted chain entry, after Raft ordered it and the member re-verified it.
 *
 * <p>Wire layout (the Raft reply message):
 * <pre>
 *  0         1                 9
 * +---------+-----------------+------------------------+
 * | outcome | head seq  i64   | reason (UTF-8, 0..1024) |
 * +---------+-----------------+------------------------+
 * </pre>
 * {@code head seq}: the entry's sequence when appended; the chain's last sequence otherwise (so a stale author
 * knows how far to catch up).
 *
 * @param outcome  appended, stale (does not follow the head any more: re-read it and sign again) or refused
 * @param sequence see above
 * @param reason   empty when appended; otherwise the verifier's words
 */
public record SubmitResult(Outcome outcome, long sequence, String reason) {
    /** Longest reason carried (longer ones are cut). */
    public static final int MAX_REASON = 1024;

    public enum Outcome {
        APPENDED, STALE, REFUSED;

        static Outcome of(int code) {
            Outcome[] all = values();
            return code >= 0 && code < all.length ? all[code] : null;
        }
    }

    public static SubmitResult appended(long sequence) {
        return new SubmitResult(Outcome.APPENDED, sequence, "");
    }

    public static SubmitResult stale(long head, String reason) {
        return new SubmitResult(Outcome.STALE, head, reason);
    }

    public static SubmitResult refused(long head, String reason) {
        return new SubmitResult(Outcome.REFUSED, head, reason);
    }

    public boolean appended() {
        return outcome == Outcome.APPENDED;
    }

    public byte[] encode() {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(r.length, MAX_REASON);
        ByteBuffer b = ByteBuffer.allocate(9 + n);
        b.put((byte) outcome.ordinal()).putLong(sequence).put(r, 0, n);
        return b.array();
    }

    /** @throws IllegalArgumentException for a message that is not a result */
    public static SubmitResult decode(byte[] m) {
        if (m == null || m.length < 9 || m.length > 9 + MAX_REASON) {
            throw new IllegalArgumentException("not a submit result (" + (m == null ? 0 : m.length) + " bytes)");
        }
        Outcome o = Outcome.of(m[0]);
        if (o == null) {
            throw new IllegalArgumentException("unknown submit outcome " + m[0]);
        }
        long seq = ByteBuffer.wrap(m, 1, 8).getLong();
        return new SubmitResult(o, seq, new String(m, 9, m.length - 9, StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return switch (outcome) {
            case APPENDED -> "appended as entry " + sequence;
            case STALE -> "stale (the chain's head is entry " + sequence + "): " + reason;
            case REFUSED -> "refused: " + reason;
        };
    }
}
