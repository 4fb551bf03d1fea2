package atenet.redolog.chain;

import atenet.redolog.entry.NodeAdmitted;
import atenet.wire.identity.CertificateException;
import atenet.wire.identity.EnrollmentGrant;
import atenet.redolog.entry.AccessKeyIssued;
import atenet.redolog.entry.AccessKeyRevoked;
import atenet.redolog.entry.EntryBody;
import atenet.redolog.entry.Genesis;
import atenet.redolog.entry.NetworkCreated;
import atenet.redolog.entry.NetworkId;
import atenet.redolog.entry.NodeEnrolled;
import atenet.redolog.entry.NodeJoined;
import atenet.redolog.entry.NodeLeft;
import atenet.redolog.entry.NodeRemoved;
import atenet.redolog.state.AccessKeyRecord;
import atenet.redolog.state.ChainState;
import atenet.redolog.state.NodeRecord;
import atenet.wire.crypto.KeyId;

import java.util.Optional;

/**
 * Who may write what, and what makes sense, checked against the folded state before an entry is appended
 * and again for every entry on replay.
 *
 * <h2>Authority</h2>
 * <ul>
 *   <li>The first entry must be GENESIS, authored by the key it names. There is exactly one GENESIS.</li>
 *   <li>The operator key (named by genesis) may write every other type.</li>
 *   <li>An enrolled node key may write only NODE_JOINED / NODE_LEFT carrying its own node id; a removed node
 *       (NODE_REMOVED) may write nothing.</li>
 *   <li>Any other author is refused.</li>
 * </ul>
 * <h2>Semantics</h2>
 * A NODE_ADMITTED entry is signed by the node it admits and carries an enrolment grant the operator signed for this
 * chain and that node's name; each grant admits one node, once. Network names and ids are unique; joins, leaves and key issues need a known network; joins and leaves need an
 * enrolled node, a leave needs a current membership; a node is enrolled once; an access key is issued once;
 * a revocation needs a known, unrevoked key; a removal needs an enrolled node not removed yet; a removed node
 * may not join or leave, and its key is never enrolled again.
 */
public final class ChainRules {
    private ChainRules() {
    }

    /**
     * The Ed25519 public key of an author, if the state knows it (the operator, or an enrolled node).
     */
    public static Optional<byte[]> authorKey(ChainState state, long authorKeyId, EntryBody body) {
        if (!state.hasGenesis()) {
            return body instanceof Genesis g && g.operatorKeyId() == authorKeyId ? Optional.of(g.operatorKey()) : Optional.empty();
        }
        if (authorKeyId == state.operatorKeyId()) {
            return Optional.of(state.operatorKey());
        }
        if (body instanceof NodeAdmitted a && a.nodeId() == authorKeyId && state.node(authorKeyId).isEmpty()) {
            return Optional.of(a.signingKey());           // a new node signs its own admission (the grant authorises it)
        }
        return state.node(authorKeyId).map(NodeRecord::signingKey);
    }

    /**
     * @throws AuthorityException  if the author may not write this entry
     * @throws ChainRuleException  if the entry contradicts the state
     */
    public static void check(ChainState state, long authorKeyId, EntryBody body) {
        checkAuthority(state, authorKeyId, body);
        checkSemantics(state, body);
    }

    public static void checkAuthority(ChainState state, long author, EntryBody body) {
        if (!state.hasGenesis()) {
            if (!(body instanceof Genesis g)) {
                throw new AuthorityException("the first entry of a chain must be GENESIS, not " + body.type());
            }
            if (g.operatorKeyId() != author) {
                throw new AuthorityException("GENESIS must be signed by the operator key it names ("
                        + KeyId.hex(g.operatorKeyId()) + "), not by " + KeyId.hex(author));
            }
            return;
        }
        if (body instanceof Genesis) {
            throw new AuthorityException("a chain has exactly one GENESIS entry; refusing a second one");
        }
        if (body instanceof NodeAdmitted a) {
            checkGrant(state, author, a);
            return;
        }
        if (author == state.operatorKeyId()) {
            return;
        }
        NodeRecord node = state.node(author).orElse(null);
        if (node == null) {
            throw new AuthorityException("author key " + KeyId.hex(author) + " is neither the operator key nor an enrolled node key");
        }
        if (node.removed()) {
            throw new AuthorityException("node " + KeyId.hex(author) + " (" + node.name() + ") was removed from the chain"
                    + " and may not write anything");
        }
        long target;
        if (body instanceof NodeJoined j) {
            target = j.nodeId();
        } else if (body instanceof NodeLeft l) {
            target = l.nodeId();
        } else {
            throw new AuthorityException("node " + KeyId.hex(author) + " may not write " + body.type()
                    + ": only the operator may; a node writes only its own NODE_JOINED/NODE_LEFT");
        }
        if (target != author) {
            throw new AuthorityException("node " + KeyId.hex(author) + " may write only its own membership, not node "
                    + KeyId.hex(target) + "'s");
        }
    }

    public static void checkSemantics(ChainState state, EntryBody body) {
        if (body instanceof NetworkCreated n) {
            if (state.networkByName(n.name()).isPresent()) {
                throw new ChainRuleException("network name '" + n.name() + "' is already used");
            }
            if (state.network(n.networkId()).isPresent()) {
                throw new ChainRuleException("network id " + NetworkId.of(n.networkId()) + " already exists");
            }
        } else if (body instanceof NodeAdmitted a) {
            newNode(state, a.nodeId());
            EnrollmentGrant g = a.decodedGrant();
            if (state.grantUsed(g.grantIdHex())) {
                throw new ChainRuleException("enrolment grant " + g.grantIdHex() + " was used already (a grant enrols one node, once)");
            }
            for (byte[] net : g.networks()) {
                network(state, net);
            }
        } else if (body instanceof NodeEnrolled n) {
            newNode(state, n.nodeId());
        } else if (body instanceof NodeRemoved r) {
            if (enrolled(state, r.nodeId()).removed()) {
                throw new ChainRuleException("node " + KeyId.hex(r.nodeId()) + " is already removed");
            }
        } else if (body instanceof NodeJoined j) {
            serving(state, j.nodeId());
            network(state, j.networkId());
        } else if (body instanceof NodeLeft l) {
            serving(state, l.nodeId());
            network(state, l.networkId());
            boolean member = state.membersOf(l.networkId()).stream().anyMatch(m -> m.nodeId() == l.nodeId());
            if (!member) {
                throw new ChainRuleException("node " + KeyId.hex(l.nodeId()) + " is not a member of network "
                        + NetworkId.of(l.networkId()));
            }
        } else if (body instanceof AccessKeyIssued k) {
            network(state, k.networkId());
            if (state.accessKey(k.keyId()).isPresent()) {
                throw new ChainRuleException("access key " + KeyId.hex(k.keyId()) + " was already issued");
            }
        } else if (body instanceof AccessKeyRevoked r) {
            AccessKeyRecord k = state.accessKey(r.keyId())
                    .orElseThrow(() -> new ChainRuleException("unknown access key " + KeyId.hex(r.keyId())));
            if (k.revoked()) {
                throw new ChainRuleException("access key " + KeyId.hex(r.keyId()) + " is already revoked");
            }
        }
    }

    /** A node key that may be enrolled: not the operator's, not enrolled, never removed. */
    private static void newNode(ChainState state, long nodeId) {
        if (nodeId == state.operatorKeyId()) {
            throw new ChainRuleException("the operator key cannot be enrolled as a node");
        }
        NodeRecord known = state.node(nodeId).orElse(null);
        if (known != null && known.removed()) {
            throw new ChainRuleException("node " + KeyId.hex(nodeId) + " was removed and cannot be enrolled again"
                    + " with the same key (give the node a new key)");
        }
        if (known != null) {
            throw new ChainRuleException("node " + KeyId.hex(nodeId) + " is already enrolled");
        }
    }

    /** NODE_ADMITTED: signed by the node it admits, with a grant the operator signed for this chain. */
    private static void checkGrant(ChainState state, long author, NodeAdmitted a) {
        if (author != a.nodeId()) {
            throw new AuthorityException("a NODE_ADMITTED entry must be signed by the node it admits ("
                    + KeyId.hex(a.nodeId()) + "), not by " + KeyId.hex(author));
        }
        EnrollmentGrant g;
        try {
            g = EnrollmentGrant.verify(a.grant(), 0, a.grant().length, state.operatorKey());
        } catch (CertificateException e) {
            throw new AuthorityException(e.getMessage());
        }
        if (!java.util.Arrays.equals(g.chainId(), state.chainId())) {
            throw new AuthorityException("the enrolment grant is for another chain");
        }
        if (!g.name().equals(a.name())) {
            throw new AuthorityException("the enrolment grant is for a node named '" + g.name() + "', not '" + a.name() + "'");
        }
    }

    private static NodeRecord enrolled(ChainState state, long nodeId) {
        return state.node(nodeId).orElseThrow(() -> new ChainRuleException("node " + KeyId.hex(nodeId) + " is not enrolled"));
    }

    /** Enrolled and not removed. */
    private static void serving(ChainState state, long nodeId) {
        if (enrolled(state, nodeId).removed()) {
            throw new ChainRuleException("node " + KeyId.hex(nodeId) + " was removed from the chain");
        }
    }

    private static void network(ChainState state, byte[] id) {
        if (state.network(id).isEmpty()) {
            throw new ChainRuleException("unknown network id " + NetworkId.of(id));
        }
    }
}
