package atenet.vswitch.chain;

import atenet.redolog.state.AccessKeyRecord;
import atenet.redolog.state.ChainState;
import atenet.redolog.state.NetworkRecord;
import atenet.vswitch.udp.Admission;
import atenet.vswitch.udp.AdmittedKey;
import atenet.vswitch.udp.NetworkInfo;
import atenet.vswitch.udp.ServingNode;
import atenet.redolog.state.Membership;
import atenet.wire.overlay.OverlayCodec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds the chain's state into the {@link Admission} snapshot the data plane reads: networks (each with the
 * nodes that serve it, for clients' failover lists) and access keys. Owned by the chain thread.
 */
final class AdmissionBuilder {
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
            List<ServingNode> nodes = new ArrayList<>();
            for (Membership m : state.membersOf(n.id())) {
                state.node(m.nodeId()).filter(r -> !r.removed())
                        .ifPresent(r -> nodes.add(new ServingNode(r.nodeId(), r.x25519Key(), r.name(), m.endpoint())));
            }
            networks.add(new NetworkInfo(n.id(), n.idHi(), n.idLo(), n.name(), n.cidr(), n.mtu(), List.copyOf(nodes)));
        }
        Map<Long, AdmittedKey> keys = new HashMap<>();
        for (AccessKeyRecord k : state.accessKeys()) {
            keys.put(k.keyId(), new AdmittedKey(k.keyId(), OverlayCodec.getLong(k.networkId(), 0),
                    OverlayCodec.getLong(k.networkId(), 8), k.publicKey(), k.expiresAt(), k.revoked(), k.bridge()));
        }
        return new Admission(List.copyOf(networks), Map.copyOf(keys), state.lastSequence(), refusal);
    }
}
