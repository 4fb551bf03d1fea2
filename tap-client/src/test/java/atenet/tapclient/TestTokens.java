package atenet.tapclient;

import atenet.wire.crypto.X25519Keys;
import atenet.wire.token.AccessToken;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;

/** Builds real tokens for tests. */
final class TestTokens {
    static final SecureRandom RANDOM = new SecureRandom();

    static AccessToken token(byte[] clientPriv, byte[] nodePub, InetSocketAddress node) {
        byte[] net = new byte[16];
        RANDOM.nextBytes(net);
        List<AccessToken.NodeContact> nodes = nodePub == null ? List.of() : List.of(new AccessToken.NodeContact(nodePub, node));
        return new AccessToken(new byte[32], net, "office", new byte[]{10, 7, 0, 0}, 24, clientPriv, 0, nodes);
    }

    static AccessToken token() {
        return token(X25519Keys.generatePrivate(RANDOM), X25519Keys.publicOf(X25519Keys.generatePrivate(RANDOM)),
                new InetSocketAddress("127.0.0.1", 4789));
    }

    private TestTokens() {
    }
}
