package atenet.redolog.repl;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Trusts a Raft peer (either end of a connection) exactly when the node key that vouches for its certificate's TLS
 * key ({@link NodeTlsIdentity}) is the signing key of a node the chain enrols and has not removed — read from this member's own verified copy at the moment of
 * the handshake. A process that is not an enrolled node cannot join the group, vote, or feed a member entries;
 * a removed node's connections are refused from the entry that removed it on. Names, dates and the certificate's
 * own signature are not looked at: the key is the identity. Extended, so that JSSE adds no host name check.
 */
public final class EnrolledNodesTrustManager extends X509ExtendedTrustManager {
    private final java.util.function.Predicate<byte[]> trusted;

    /** @param enrolledKeysHex the signing keys (hex) of the nodes the chain enrols now */
    public EnrolledNodesTrustManager(Supplier<Set<String>> enrolledKeysHex) {
        this.trusted = key -> enrolledKeysHex.get().contains(HexFormat.of().formatHex(key));
    }

    /** Trusts the node keys {@code trusted} accepts (a member re-syncing its lost copy: the members' node ids). */
    public EnrolledNodesTrustManager(java.util.function.Predicate<byte[]> trusted) {
        this.trusted = trusted;
    }

    void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the Raft peer showed no certificate");
        }
        byte[] key = NodeTlsIdentity.nodeKey(chain[0]);
        if (key == null) {
            throw new CertificateException("the Raft peer's certificate is not vouched for by a node key");
        }
        if (!trusted.test(key)) {
            throw new CertificateException("the Raft peer's key " + HexFormat.of().formatHex(key).substring(0, 16)
                    + "… is not an enrolled node of this chain");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
