package atenet.tok;

import atenet.wire.net.HostPort;
import atenet.redolog.state.ChainState;
import atenet.wire.crypto.KeyId;

import java.net.InetSocketAddress;

/** Shared formatting of endpoints and authors. */
final class Format {
    private Format() {
    }

    static String endpoint(InetSocketAddress a) {
        return HostPort.format(a);
    }

    static String author(ChainState s, long keyId) {
        if (keyId == s.operatorKeyId()) {
            return "operator";
        }
        return s.node(keyId).map(n -> "node:" + n.name()).orElse(KeyId.hex(keyId));
    }
}
