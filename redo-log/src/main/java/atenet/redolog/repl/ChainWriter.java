package atenet.redolog.repl;

import atenet.redolog.entry.EntryBody;
import atenet.redolog.entry.LogEntry;
import atenet.redolog.keys.Ed25519KeyPair;
import atenet.redolog.store.Chain;

/**
 * How an author adds an entry to a chain: straight into the local file when no node serves it
 * ({@link #local}), or signed here and ordered by the chain's Raft group ({@link ReplicatedWriter}) — the only way
 * while a node runs, so that every copy stays the same.
 */
public interface ChainWriter {
    /** The verified copy this writer reads the head and the state from. */
    Chain chain();

    /**
     * Signs {@code body} as the next entry and adds it; returns once it is in {@link #chain()}.
     *
     * @throws atenet.redolog.chain.AuthorityException if the author may not write it
     * @throws atenet.redolog.chain.ChainRuleException if it contradicts the state (also when the group refused it)
     * @throws IllegalStateException                   when the entry could not be committed (no quorum, timeout)
     */
    LogEntry write(EntryBody body, Ed25519KeyPair author);

    /** Appends to the local file under its lock (no node serves this chain). */
    static ChainWriter local(Chain chain) {
        return new ChainWriter() {
            @Override
            public Chain chain() {
                return chain;
            }

            @Override
            public LogEntry write(EntryBody body, Ed25519KeyPair author) {
                return chain.append(body, author);
            }
        };
    }
}
