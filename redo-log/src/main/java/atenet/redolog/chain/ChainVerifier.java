package atenet.redolog.chain;

import atenet.redolog.entry.EntryFormatException;
import atenet.redolog.entry.LogEntry;
import atenet.redolog.entry.LogEntryCodec;
import atenet.redolog.keys.Ed25519KeyPair;
import atenet.redolog.state.ChainState;

import java.util.Arrays;

/**
 * Verifies the next stored entry against the state folded so far, in this order: well-formed, sequence =
 * previous + 1, prev hash = hash of the previous entry, author known, signature, authority, semantics.
 * The first failure is reported as a {@link ChainVerificationException} naming the entry:
 * {@code chain entry 3 (index 0x...): bad signature}.
 */
public final class ChainVerifier {
    private ChainVerifier() {
    }

    /** How to name an entry in messages: its position and Chronicle index. */
    public static String where(long position, long index) {
        return "chain entry " + position + " (index 0x" + Long.toHexString(index) + ")";
    }

    /**
     * @param position the expected sequence (number of entries before this one)
     * @param index    the Chronicle index, for messages only
     */
    public static LogEntry verifyNext(ChainState state, byte[] encoded, long position, long index) {
        return verifyNext(state, encoded, position, index, null);
    }

    /**
     * As {@link #verifyNext(ChainState, byte[], long, long)}, but the signature check is skipped when
     * {@code checkedBy} is the very key the state names as the author: the caller verified the signature with that
     * key already (in parallel, {@code Chain.open}).
     */
    public static LogEntry verifyNext(ChainState state, byte[] encoded, long position, long index, byte[] checkedBy) {
        String where = where(position, index);
        LogEntry e;
        try {
            e = LogEntryCodec.decode(encoded);
        } catch (EntryFormatException ex) {
            throw new ChainVerificationException(position, where + ": malformed: " + ex.getMessage(), ex);
        }
        if (e.sequence() != position) {
            throw new ChainVerificationException(position, where + ": sequence number " + e.sequence() + ", expected "
                    + position + " (entries missing, duplicated or reordered)");
        }
        if (!Arrays.equals(e.prevHash(), state.lastHash())) {
            throw new ChainVerificationException(position, where + ": hash link broken: its previous-hash does not match entry "
                    + (position - 1) + " (that entry was altered, or entries were removed or reordered)");
        }
        byte[] key = ChainRules.authorKey(state, e.authorKeyId(), e.body()).orElse(null);
        if (key == null) {
            throw new ChainVerificationException(position, where + ": refused: "
                    + authorityMessage(state, e));
        }
        boolean checked = checkedBy != null && Arrays.equals(checkedBy, key);
        if (!checked && !Ed25519KeyPair.verify(key, encoded, 0, LogEntryCodec.signedLength(e), e.signature())) {
            throw new ChainVerificationException(position, where + ": bad signature");
        }
        try {
            ChainRules.check(state, e.authorKeyId(), e.body());
        } catch (AuthorityException | ChainRuleException ex) {
            throw new ChainVerificationException(position, where + ": refused: " + ex.getMessage(), ex);
        }
        return e;
    }

    private static String authorityMessage(ChainState state, LogEntry e) {
        try {
            ChainRules.checkAuthority(state, e.authorKeyId(), e.body());
            return "unknown author key";
        } catch (AuthorityException ex) {
            return ex.getMessage();
        }
    }
}
