package atenet.redolog.ops;

import atenet.redolog.entry.AccessKeyIssued;
import atenet.redolog.keys.Ed25519KeyPair;
import atenet.redolog.repl.ChainWriter;
import atenet.redolog.state.Membership;
import atenet.redolog.state.NetworkRecord;
import atenet.redolog.store.Chain;
import atenet.wire.crypto.KeyId;
import atenet.wire.crypto.X25519Keys;
import atenet.wire.token.AccessToken;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Issues access keys: a fresh X25519 pair; the chain gets only the public key (ACCESS_KEY_ISSUED), the user gets
 * an {@link AccessToken} with the private key, which is never written to disk or the chain.
 */
public final class KeyIssuer {
    /** The token format counts node hints in one byte. */
    public static final int MAX_TOKEN_NODES = 255;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyIssuer() {
    }

    /**
     * @param expiresAtMillis epoch millis, 0 = never; must be in the future
     * @param bridge          the key's port may send frames from any source MAC (a client bridging a LAN)
     * @throws atenet.redolog.chain.ChainRuleException for an unknown network
     * @throws IllegalArgumentException                for a past expiry or a bad label
     */
    public static IssuedKey issue(Chain chain, Ed25519KeyPair operator, String networkName, String label, long expiresAtMillis,
                                  boolean bridge) {
        return issue(ChainWriter.local(chain), operator, networkName, label, expiresAtMillis, bridge);
    }

    /** {@link #issue(Chain, Ed25519KeyPair, String, String, long, boolean)} through {@code writer}. */
    public static IssuedKey issue(ChainWriter writer, Ed25519KeyPair operator, String networkName, String label,
                                  long expiresAtMillis, boolean bridge) {
        Chain chain = writer.chain();
        NetworkRecord net = Networks.byName(chain, networkName);
        if (expiresAtMillis < 0 || (expiresAtMillis != 0 && expiresAtMillis <= System.currentTimeMillis())) {
            throw new IllegalArgumentException("expiry " + expiresAtMillis + " is in the past");
        }
        byte[] priv = X25519Keys.generatePrivate(RANDOM);
        byte[] pub = X25519Keys.publicOf(priv);
        writer.write(new AccessKeyIssued(net.id(), pub, label == null ? "" : label, expiresAtMillis, bridge), operator);
        var record = chain.state().accessKey(KeyId.of(pub)).orElseThrow();
        // Node addresses are hints only: the token pins the chain (its id and the operator key), and any node the
        // operator enrols, now or later, can serve it.
        List<InetSocketAddress> hints = new ArrayList<>();
        for (Membership m : chain.state().membersOf(net.id())) {
            if (hints.size() == MAX_TOKEN_NODES) {
                break;
            }
            if (!hints.contains(m.endpoint())) {
                hints.add(m.endpoint());
            }
        }
        AccessToken token = new AccessToken(chain.chainId(), chain.state().operatorKey(), net.id(), net.name(),
                net.subnet().getAddress(), net.prefix(), priv, expiresAtMillis, List.copyOf(hints));
        return new IssuedKey(record, token.encode());
    }
}
