package atenet.redolog.repl;

import atenet.redolog.chain.ChainRuleException;
import atenet.redolog.entry.EntryBody;
import atenet.redolog.entry.LogEntry;
import atenet.redolog.keys.Ed25519KeyPair;
import atenet.redolog.store.Chain;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The author's side of the replicated chain: sign the next entry on the head the local copy knows, submit it, and
 * on "stale" (another author got there first) wait for the local copy to reach the head the group reported, sign
 * again and resubmit — automatically, up to {@link #ATTEMPTS} times. A refusal is the verifier's reason, thrown as
 * a {@link ChainRuleException}. Returns once the local copy holds the entry, so the caller reads its own write.
 *
 * <p>The submitter is the group's front door: {@link ChainReplica#submit} inside a node, an HTTP POST to a node's
 * admin API for {@code tok}.
 */
public final class ReplicatedWriter implements ChainWriter {
    static final int ATTEMPTS = 20;
    static final long COMMIT_TIMEOUT_MILLIS = 15_000;
    static final long CATCH_UP_TIMEOUT_MILLIS = 10_000;

    private final Chain chain;
    private final Function<byte[], CompletableFuture<SubmitResult>> submitter;
    private final Runnable pull;

    /** For a copy that a member of the group keeps up to date (this node's, or the node's on the same directory). */
    public ReplicatedWriter(Chain chain, Function<byte[], CompletableFuture<SubmitResult>> submitter) {
        this(chain, submitter, () -> { });
    }

    /**
     * @param pull brings new entries into {@code chain} from elsewhere before each look at it (tok's copy of a
     *             remote node's chain); called on the writing thread
     */
    public ReplicatedWriter(Chain chain, Function<byte[], CompletableFuture<SubmitResult>> submitter, Runnable pull) {
        this.chain = chain;
        this.submitter = submitter;
        this.pull = pull;
    }

    @Override
    public Chain chain() {
        return chain;
    }

    @Override
    public LogEntry write(EntryBody body, Ed25519KeyPair author) {
        SubmitResult last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            pull.run();
            LogEntry signed = chain.signNext(body, author);
            last = await(submitter.apply(signed.encoded()));
            switch (last.outcome()) {
                case APPENDED -> {
                    awaitLocal(last.sequence());
                    return signed;
                }
                case REFUSED -> throw new ChainRuleException("the chain's nodes refused the entry: " + last.reason());
                case STALE -> awaitLocal(last.sequence());
            }
        }
        throw new IllegalStateException("the entry stayed stale after " + ATTEMPTS + " attempts (other authors kept"
                + " writing first): " + last);
    }

    private static SubmitResult await(CompletableFuture<SubmitResult> f) {
        try {
            return f.get(COMMIT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the chain's Raft group committed an entry");
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IllegalStateException("the chain's Raft group did not commit the entry within "
                    + COMMIT_TIMEOUT_MILLIS / 1000 + " s (fewer than a majority of its nodes reachable?)");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new IllegalStateException(c.getMessage() == null ? c.toString() : c.getMessage(), c);
        }
    }

    /** Waits until the local copy holds entry {@code sequence} (the applied state is read, not the Raft log). */
    private void awaitLocal(long sequence) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CATCH_UP_TIMEOUT_MILLIS);
        while (true) {
            pull.run();
            chain.refresh();
            if (chain.size() > sequence) {
                return;
            }
            if (System.nanoTime() - end > 0) {
                throw new IllegalStateException("the chain's entry " + sequence + " was committed but did not reach "
                        + chain.dataDir() + " within " + CATCH_UP_TIMEOUT_MILLIS / 1000 + " s");
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
    }
}
