package atenet.redolog.state;

import atenet.redolog.entry.AccessKeyIssued;
import atenet.redolog.entry.AccessKeyRevoked;
import atenet.redolog.entry.EntryBody;
import atenet.redolog.entry.Genesis;
import atenet.redolog.entry.LogEntry;
import atenet.redolog.entry.NetworkCreated;
import atenet.redolog.entry.NetworkId;
import atenet.redolog.entry.NodeAdmitted;
import atenet.redolog.entry.NodeEnrolled;
import atenet.redolog.entry.NodeJoined;
import atenet.redolog.entry.NodeLeft;
import atenet.redolog.entry.NodeRemoved;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Folds verified entries into a {@link ChainState}. It assumes the entry was checked by the chain rules
 * (authority, semantics, links); it does not check again. Single-threaded, like the state it owns.
 */
public final class StateFolder {
    private final ChainState state = new ChainState();

    public ChainState state() {
        return state;
    }

    public void apply(LogEntry e) {
        EntryBody b = e.body();
        if (b instanceof Genesis g) {
            state.chainId = e.hash();
            state.chainName = g.chainName();
            state.operatorKey = g.operatorKey();
            state.operatorKeyId = g.operatorKeyId();
        } else if (b instanceof NetworkCreated n) {
            NetworkRecord r = new NetworkRecord(n.networkId(), n.name(), n.subnet(), n.prefix(), n.mtu());
            state.networks.put(NetworkId.of(n.networkId()), r);
            state.networksByName.put(n.name(), r);
        } else if (b instanceof NodeEnrolled n) {
            state.nodes.put(n.nodeId(), new NodeRecord(n.nodeId(), n.signingKey(), n.x25519Key(), n.name(), false));
        } else if (b instanceof NodeAdmitted a) {
            state.nodes.put(a.nodeId(), new NodeRecord(a.nodeId(), a.signingKey(), a.x25519Key(), a.name(), false));
            state.usedGrants.add(a.decodedGrant().grantIdHex());
        } else if (b instanceof NodeJoined j) {
            Map<Long, Membership> m = state.members.computeIfAbsent(NetworkId.of(j.networkId()), k -> new LinkedHashMap<>());
            m.remove(j.nodeId());
            m.put(j.nodeId(), new Membership(j.nodeId(), j.networkId(), j.endpoint()));
        } else if (b instanceof NodeLeft l) {
            Map<Long, Membership> m = state.members.get(NetworkId.of(l.networkId()));
            if (m != null) {
                m.remove(l.nodeId());
            }
        } else if (b instanceof NodeRemoved r) {
            state.nodes.computeIfPresent(r.nodeId(), (id, n) -> n.asRemoved());
            for (Map<Long, Membership> m : state.members.values()) {
                m.remove(r.nodeId());
            }
        } else if (b instanceof AccessKeyIssued k) {
            state.accessKeys.put(k.keyId(), new AccessKeyRecord(k.keyId(), k.networkId(),
                    k.publicKey(), k.label(), e.timeMillis(), k.expiresAtMillis(), false, 0, k.bridge()));
        } else if (b instanceof AccessKeyRevoked r) {
            state.accessKeys.computeIfPresent(r.keyId(), (id, k) -> k.revokedAt(e.timeMillis()));
        } else {
            throw new IllegalStateException("no fold for " + b.type());
        }
        state.lastSequence = e.sequence();
        state.lastHash = e.hash();
    }
}
