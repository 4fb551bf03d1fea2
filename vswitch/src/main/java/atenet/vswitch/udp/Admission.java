package atenet.vswitch.udp;

import java.util.List;
import java.util.Map;

/**
 * Immutable snapshot of what the chain admits: the networks and the access keys. Built on the
 * chain thread whenever the chain changes and handed to the data plane, which swaps it in and
 * re-checks its live sessions (so a revocation cuts a session as soon as it is seen).
 *
 * @param refusal null while the node serves normally; otherwise why it admits no new session (the
 *                chain stopped verifying, or this node was removed from it). The data plane then refuses
 *                every HELLO; live sessions whose key is no longer in {@code keys} end (a removed node's
 *                snapshot has no keys, so all of them end).
 */
public record Admission(List<NetworkInfo> networks, Map<Long, AdmittedKey> keys, long chainSequence, String refusal) {
    public static final Admission EMPTY = new Admission(List.of(), Map.of(), -1, null);

    /** A snapshot of a node that serves normally. */
    public Admission(List<NetworkInfo> networks, Map<Long, AdmittedKey> keys, long chainSequence) {
        this(networks, keys, chainSequence, null);
    }

    public NetworkInfo network(long hi, long lo) {
        for (NetworkInfo n : networks) {
            if (n.idHi() == hi && n.idLo() == lo) {
                return n;
            }
        }
        return null;
    }

    public AdmittedKey key(long keyId) {
        return keys.get(keyId);
    }
}
