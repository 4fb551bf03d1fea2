package atenet.redolog.ops;

import atenet.redolog.repl.ChainWriter;
import atenet.redolog.entry.NodeEnrolled;
import atenet.redolog.entry.NodeJoined;
import atenet.redolog.keys.Ed25519KeyPair;
import atenet.redolog.keys.NodeKeys;
import atenet.redolog.state.Membership;
import atenet.redolog.state.NodeRecord;
import atenet.redolog.store.Chain;

import java.net.InetSocketAddress;
import java.util.Arrays;

/** Node enrolment and membership helpers for the node process. */
public final class NodeEnrollment {
    private NodeEnrollment() {
    }

    /** Enrols the node with the operator key unless it is already enrolled. */
    public static NodeRecord ensureEnrolled(Chain chain, Ed25519KeyPair operator, NodeKeys keys, String name) {
        return ensureEnrolled(ChainWriter.local(chain), operator, keys, name);
    }

    /** Enrols the node with the operator key through {@code writer} unless it is already enrolled. */
    public static NodeRecord ensureEnrolled(ChainWriter writer, Ed25519KeyPair operator, NodeKeys keys, String name) {
        Chain chain = writer.chain();
        var existing = chain.state().node(keys.nodeId());
        if (existing.isPresent()) {
            return existing.get();
        }
        writer.write(new NodeEnrolled(keys.signing().publicKey(), keys.x25519Public(), name), operator);
        return chain.state().node(keys.nodeId()).orElseThrow();
    }

    /** Appends NODE_JOINED (signed by the node) unless the node is already a member at that endpoint. */
    public static boolean ensureJoined(Chain chain, NodeKeys keys, byte[] networkId, InetSocketAddress endpoint) {
        return ensureJoined(ChainWriter.local(chain), keys, networkId, endpoint);
    }

    /** Adds NODE_JOINED (signed by the node) through {@code writer} unless the node is already a member at that endpoint. */
    public static boolean ensureJoined(ChainWriter writer, NodeKeys keys, byte[] networkId, InetSocketAddress endpoint) {
        Chain chain = writer.chain();
        for (Membership m : chain.state().membersOf(networkId)) {
            if (m.nodeId() == keys.nodeId() && m.endpoint().equals(endpoint) && Arrays.equals(m.networkId(), networkId)) {
                return false;
            }
        }
        writer.write(new NodeJoined(keys.nodeId(), networkId, endpoint), keys.signing());
        return true;
    }
}
