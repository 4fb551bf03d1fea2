package atenet.vswitch.udp;

import java.util.List;
import java.util.Map;

/**
 * Immutable snapshot of what the chain admits: the networks (with the nodes that serve each), the access
 * keys, and whether this node may serve at all. Built on the chain thread whenever the chain changes and
 * handed to the data plane, which swaps it in and re-checks its live sessions (so a revocation cuts a
 * session as soon as it is seen).
 *
 * @param refusal null while this node serves normally; otherwise why it admits no session (removed from the
 *                chain, or the chain stopped verifying): the data plane then refuses every handshake;
 *                live sessions whose key is no longer in {@code keys} end (a removed node's snapshot has
 *                no keys, so all of them end), others keep going (docs/decisions.md)
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

    /** The same snapshot, refusing every session for {@code why}. */
    public Admission refusing(String why) {
        return new Admission(networks, keys, chainSequence, why);
    }
}
