package atenet.redolog.state;

import atenet.redolog.entry.NetworkId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chain folded into tables: networks, nodes, memberships, access keys.
 *
 * <h2>Threading and mutability</h2>
 * A <b>read-only view</b>, not a snapshot: it is updated in place by {@link StateFolder} when the owning
 * {@code Chain} appends or polls, on the chain's owning thread. Read it from that thread only (it is not
 * thread-safe). Every accessor returns immutable values: records and unmodifiable lists copied at call time,
 * so a list you hold does not change under you; call again after {@code poll()} to see new entries.
 * Byte arrays inside records are shared: never mutate them. Lists are in chain order.
 */
public final class ChainState {
    byte[] chainId;
    String chainName;
    byte[] operatorKey;
    long operatorKeyId;
    long lastSequence = -1;
    byte[] lastHash;
    final Map<NetworkId, NetworkRecord> networks = new LinkedHashMap<>();
    final Map<String, NetworkRecord> networksByName = new HashMap<>();
    final Map<Long, NodeRecord> nodes = new LinkedHashMap<>();
    final Map<NetworkId, Map<Long, Membership>> members = new HashMap<>();
    final Map<Long, AccessKeyRecord> accessKeys = new LinkedHashMap<>();
    /** Ids (hex) of the enrolment grants NODE_ADMITTED entries used. */
    final java.util.Set<String> usedGrants = new java.util.HashSet<>();

    ChainState() {
    }

    /** @return true once the genesis entry is folded */
    public boolean hasGenesis() {
        return chainId != null;
    }

    /** Hash of the genesis entry (32 bytes, a copy), or null before genesis. */
    public byte[] chainId() {
        return chainId == null ? null : chainId.clone();
    }

    public String chainName() {
        return chainName;
    }

    public byte[] operatorKey() {
        return operatorKey == null ? null : operatorKey.clone();
    }

    public long operatorKeyId() {
        return operatorKeyId;
    }

    /** Sequence of the last folded entry; -1 when empty. */
    public long lastSequence() {
        return lastSequence;
    }

    /** Hash of the last folded entry (a copy), or 32 zero bytes when empty. */
    public byte[] lastHash() {
        return lastHash == null ? new byte[32] : lastHash.clone();
    }

    public List<NetworkRecord> networks() {
        return List.copyOf(networks.values());
    }

    public Optional<NetworkRecord> networkByName(String name) {
        return Optional.ofNullable(networksByName.get(name));
    }

    public Optional<NetworkRecord> network(byte[] id) {
        return id == null || id.length != NetworkId.LENGTH ? Optional.empty() : networkById(NetworkId.of(id));
    }

    public Optional<NetworkRecord> networkById(NetworkId id) {
        return Optional.ofNullable(networks.get(id));
    }

    public List<NodeRecord> nodes() {
        return List.copyOf(nodes.values());
    }

    public Optional<NodeRecord> node(long nodeId) {
        return Optional.ofNullable(nodes.get(nodeId));
    }

    /** Members of a network in order of their (latest) join; empty for an unknown network. */
    public List<Membership> membersOf(byte[] networkId) {
        return networkId == null || networkId.length != NetworkId.LENGTH ? List.of() : membersOf(NetworkId.of(networkId));
    }

    public List<Membership> membersOf(NetworkId networkId) {
        Map<Long, Membership> m = members.get(networkId);
        return m == null ? List.of() : List.copyOf(m.values());
    }

    /** Networks a node has joined (memberships of that node). */
    public List<Membership> membershipsOf(long nodeId) {
        List<Membership> out = new ArrayList<>();
        for (NetworkId id : networks.keySet()) {
            Map<Long, Membership> m = members.get(id);
            if (m != null && m.containsKey(nodeId)) {
                out.add(m.get(nodeId));
            }
        }
        return List.copyOf(out);
    }

    /** Whether a NODE_ADMITTED entry used enrolment grant {@code grantIdHex} already. */
    public boolean grantUsed(String grantIdHex) {
        return usedGrants.contains(grantIdHex);
    }

    public List<AccessKeyRecord> accessKeys() {
        return List.copyOf(accessKeys.values());
    }

    public Optional<AccessKeyRecord> accessKey(long keyId) {
        return Optional.ofNullable(accessKeys.get(keyId));
    }
}
