package atenet.vswitch.chain;

import atenet.redolog.state.AccessKeyRecord;
import atenet.redolog.state.ChainState;
import atenet.redolog.state.NetworkRecord;
import atenet.vswitch.udp.Admission;
import atenet.vswitch.udp.AdmittedKey;
import atenet.vswitch.udp.NetworkInfo;
import atenet.wire.crypto.X25519Keys;
import atenet.wire.overlay.OverlayCodec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds the chain's state into the {@link Admission} snapshot the data plane reads: networks and
 * access keys, each key with the X25519 secret it shares with this node. The agreement is
 * computed once per key and cached across rebuilds. Owned by the chain thread.
 */
final class AdmissionBuilder {
    private final byte[] nodeX25519Private;
    private final Map<Long, byte[]> sharedByKey = new HashMap<>();

    AdmissionBuilder(byte[] nodeX25519Private) {
        this.nodeX25519Private = nodeX25519Private.clone();
    }

    Admission build(ChainState state) {
        return build(state, null);
    }

    /** The snapshot of a node the chain removed: no key, so every live session ends, and no HELLO is admitted. */
    Admission removed(ChainState state, String refusal) {
        Admission a = build(state, refusal);
        return new Admission(a.networks(), Map.of(), a.chainSequence(), refusal);
    }

    /** @param refusal null, or why the node admits no new session (kept in the snapshot for the data plane) */
    Admission build(ChainState state, String refusal) {
        List<NetworkInfo> networks = new ArrayList<>();
        for (NetworkRecord n : state.networks()) {
            networks.add(new NetworkInfo(n.id(), n.idHi(), n.idLo(), n.name(), n.cidr(), n.mtu()));
        }
        Map<Long, AdmittedKey> keys = new HashMap<>();
        for (AccessKeyRecord k : state.accessKeys()) {
            byte[] shared = sharedByKey.get(k.keyId());
            if (shared == null) {
                try {
                    shared = X25519Keys.agree(nodeX25519Private, k.publicKey());
                } catch (IllegalArgumentException e) {
                    continue;                     // a low-order public key can never authenticate
                }
                sharedByKey.put(k.keyId(), shared);
            }
            keys.put(k.keyId(), new AdmittedKey(k.keyId(), OverlayCodec.getLong(k.networkId(), 0),
                    OverlayCodec.getLong(k.networkId(), 8), shared, k.expiresAt(), k.revoked(), k.bridge()));
        }
        return new Admission(List.copyOf(networks), Map.copyOf(keys), state.lastSequence(), refusal);
    }
}
