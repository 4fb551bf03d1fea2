package atenet.redolog.ops;

import atenet.redolog.repl.ChainWriter;
import atenet.redolog.chain.ChainRuleException;
import atenet.redolog.entry.NetworkCreated;
import atenet.redolog.entry.NetworkId;
import atenet.redolog.keys.Ed25519KeyPair;
import atenet.redolog.state.NetworkRecord;
import atenet.redolog.store.Chain;

/** Network operations shared by tok and the node. */
public final class Networks {
    private Networks() {
    }

    /** Appends NETWORK_CREATED with a random id. */
    public static NetworkRecord create(Chain chain, Ed25519KeyPair operator, String name, String subnetCidr, int mtu) {
        return create(ChainWriter.local(chain), operator, name, subnetCidr, mtu);
    }

    /** Adds NETWORK_CREATED with a random id through {@code writer}. */
    public static NetworkRecord create(ChainWriter writer, Ed25519KeyPair operator, String name, String subnetCidr, int mtu) {
        Cidr cidr = Cidr.parse(subnetCidr);
        NetworkCreated body = new NetworkCreated(NetworkId.random().bytes(), name, cidr.address(), cidr.prefix(), mtu);
        writer.write(body, operator);
        return writer.chain().state().network(body.networkId()).orElseThrow();
    }

    /** @throws ChainRuleException "unknown network 'x' (known: a, b)" */
    public static NetworkRecord byName(Chain chain, String name) {
        return chain.state().networkByName(name).orElseThrow(() -> new ChainRuleException("unknown network '" + name
                + "' (known: " + String.join(", ", chain.state().networks().stream().map(NetworkRecord::name).toList()) + ")"));
    }
}
