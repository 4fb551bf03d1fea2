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

    /**
     * The one admission decision for clients (UDP handshakes today; WebSocket sessions later; peer links ask
     * {@link #admitPeer}): may the holder of {@code publicKey} be on network {@code (netHi, netLo)} at
     * {@code nowMillis}? A node's key never is.
     */
    public AdmissionVerdict admit(byte[] publicKey, long netHi, long netLo, long nowMillis) {
        if (refusal != null) {
            return AdmissionVerdict.NOT_SERVING;
        }
        if (network(netHi, netLo) == null) {
            return AdmissionVerdict.UNKNOWN_NETWORK;
        }
        if (isNodeKey(publicKey)) {
            return AdmissionVerdict.NODE_KEY;             // even if an access key was issued with it
        }
        AdmittedKey k = publicKey == null || publicKey.length != 32 ? null : keys.get(atenet.wire.crypto.KeyId.of(publicKey));
        if (k == null || k.networkHi() != netHi || k.networkLo() != netLo || !k.hasPublicKey(publicKey)) {
            return AdmissionVerdict.UNKNOWN_KEY;
        }
        return stillAdmitted(k, nowMillis);
    }

    /**
     * The peer-link side of admission: may the holder of {@code publicKey} link up with this node (whose X25519 key is
     * {@code ownKey}) as a peer on network {@code (netHi, netLo)}? Only when both are enrolled nodes that serve the
     * network and they are not the same node. A client key is never a peer (it is not in the nodes' table); the other
     * way round, {@link #admit} never admits a node key as a client.
     */
    public AdmissionVerdict admitPeer(byte[] publicKey, byte[] ownKey, long netHi, long netLo) {
        if (refusal != null) {
            return AdmissionVerdict.NOT_SERVING;
        }
        return peerVerdict(publicKey, ownKey, netHi, netLo);
    }

    /**
     * A rekey of a peer link that is up: admitted like {@link #admitPeer}, and also while this node refuses new
     * sessions (its chain stopped verifying), as live client sessions may rekey ({@link #admitRekey}). A removed
     * node has no membership, so it has no peer to rekey with.
     */
    public AdmissionVerdict admitPeerRekey(byte[] publicKey, byte[] ownKey, long netHi, long netLo) {
        return peerVerdict(publicKey, ownKey, netHi, netLo);
    }

    private AdmissionVerdict peerVerdict(byte[] publicKey, byte[] ownKey, long netHi, long netLo) {
        NetworkInfo n = network(netHi, netLo);
        if (n == null) {
            return AdmissionVerdict.UNKNOWN_NETWORK;
        }
        if (publicKey == null || java.util.Arrays.equals(publicKey, ownKey) || n.node(publicKey) == null
                || n.node(ownKey) == null) {
            return AdmissionVerdict.NOT_A_PEER;
        }
        return AdmissionVerdict.ADMITTED;
    }

    /** True when {@code publicKey} is the X25519 key of a node that serves any network of this snapshot. */
    public boolean isNodeKey(byte[] publicKey) {
        for (NetworkInfo n : networks) {
            if (n.node(publicKey) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * A rekey of a key that has a live session here: admitted like any handshake, and also while this node refuses
     * new sessions (its chain stopped verifying) as long as the key itself is still good — live sessions go on
     * (docs/decisions.md), and a live session must be able to rekey to go on past 180 s.
     */
    public AdmissionVerdict admitRekey(byte[] publicKey, long netHi, long netLo, long nowMillis) {
        AdmissionVerdict v = admit(publicKey, netHi, netLo, nowMillis);
        if (v != AdmissionVerdict.NOT_SERVING || publicKey == null || publicKey.length != 32) {
            return v;
        }
        AdmittedKey k = keys.get(atenet.wire.crypto.KeyId.of(publicKey));
        if (k == null || k.networkHi() != netHi || k.networkLo() != netLo || !k.hasPublicKey(publicKey)) {
            return v;                                    // a removed node's snapshot has no keys: stays refused
        }
        return stillAdmitted(k, nowMillis);
    }

    /**
     * For a live session of key {@code keyId}: may it go on? A node that stopped verifying its chain keeps its live
     * sessions (docs/decisions.md); a removed node's snapshot has no keys, so they end as NOT_SERVING.
     */
    public AdmissionVerdict stillAdmitted(long keyId, long nowMillis) {
        AdmittedKey k = keys.get(keyId);
        if (k == null) {
            return refusal != null ? AdmissionVerdict.NOT_SERVING : AdmissionVerdict.REVOKED;
        }
        return stillAdmitted(k, nowMillis);
    }

    private static AdmissionVerdict stillAdmitted(AdmittedKey k, long nowMillis) {
        if (k.revoked()) {
            return AdmissionVerdict.REVOKED;
        }
        return k.expiredAt(nowMillis) ? AdmissionVerdict.EXPIRED : AdmissionVerdict.ADMITTED;
    }

    /** The same snapshot, refusing every session for {@code why}. */
    public Admission refusing(String why) {
        return new Admission(networks, keys, chainSequence, why);
    }
}
