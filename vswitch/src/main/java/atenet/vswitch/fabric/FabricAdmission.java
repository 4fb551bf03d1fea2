package atenet.vswitch.fabric;

import atenet.redolog.entry.LogEntry;
import atenet.redolog.entry.NodeAdmitted;
import atenet.redolog.keys.NodeKeys;
import atenet.redolog.repl.SubmitResult;
import atenet.redolog.store.Chain;
import atenet.wire.net.HostPort;
import atenet.wire.token.EnrollmentToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The last step of a join, when the new node starts with a pending enrolment token ({@link FabricJoin}): sign
 * NODE_ADMITTED (this node's keys, the operator's grant) on the head the local copy knows, POST it with this node's
 * Raft address to a node named in the token, and wait until the entry arrives here through Raft (the contact added
 * this node to the group). "Stale" (the chain moved since the copy): fetch the missing entries, verify and append
 * them, sign again.
 */
public final class FabricAdmission {
    static final int ATTEMPTS = 10;
    static final long ARRIVAL_TIMEOUT_MILLIS = 30_000;

    private FabricAdmission() {
    }

    /**
     * @param chain the node's verified local copy (its ChainService's)
     * @throws IllegalStateException with a one-line reason when the fabric refused or could not be reached
     */
    public static void admit(Chain chain, NodeKeys keys, EnrollmentToken token, String raftAddress) {
        FabricClient client = new FabricClient();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            chain.refresh();
            LogEntry signed = chain.signNext(new NodeAdmitted(keys.signing().publicKey(), keys.x25519Public(),
                    token.grant().name(), token.grant().encoded()), keys.signing());
            List<String> failures = new ArrayList<>();
            for (HostPort contact : token.contacts()) {
                FabricClient.Admission a;
                try {
                    a = client.admit(contact, signed.encoded(), raftAddress);
                } catch (IOException | RuntimeException e) {
                    failures.add(contact + ": " + e.getMessage());
                    continue;
                }
                switch (a.outcome()) {
                    case "appended" -> {
                        awaitArrival(chain, keys.nodeId());
                        return;
                    }
                    case "stale" -> catchUp(chain, client, contact, token);
                    default -> throw new IllegalStateException("the fabric refused this node: " + a.reason());
                }
                failures.clear();
                break;
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException("no node named in the enrolment token took this node: " + String.join("; ", failures));
            }
        }
        throw new IllegalStateException("this node's admission stayed stale after " + ATTEMPTS + " attempts (the chain kept moving)");
    }

    /** Appends the entries the contact has and this copy lacks (each verified; nothing is written twice). */
    private static void catchUp(Chain chain, FabricClient client, HostPort contact, EnrollmentToken token) {
        FabricClient.ChainCopy copy;
        try {
            copy = client.copy(contact, token.grant().encoded());
        } catch (IOException e) {
            throw new IllegalStateException("cannot catch up with " + contact + ": " + e.getMessage());
        }
        for (byte[] e : copy.entries()) {
            SubmitResult r = chain.appendSigned(e);
            if (r.outcome() == SubmitResult.Outcome.REFUSED) {
                throw new IllegalStateException("an entry from " + contact + " does not verify: " + r.reason());
            }
        }
    }

    private static void awaitArrival(Chain chain, long nodeId) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ARRIVAL_TIMEOUT_MILLIS);
        while (true) {
            chain.refresh();
            if (chain.state().node(nodeId).isPresent()) {
                return;
            }
            if (System.nanoTime() - end > 0) {
                throw new IllegalStateException("the fabric appended this node's admission, but it did not arrive here"
                        + " through Raft within " + ARRIVAL_TIMEOUT_MILLIS / 1000 + " s (can the other nodes reach this"
                        + " node's --raft-listen address?)");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
    }
}
