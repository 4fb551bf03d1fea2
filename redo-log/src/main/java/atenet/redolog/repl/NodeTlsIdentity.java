package atenet.redolog.repl;

import atenet.redolog.keys.Ed25519KeyPair;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Date;

/**
 * A node's TLS identity on the Raft link, bound to its enrolled Ed25519 node key (as libp2p binds TLS to a host
 * key). At start the node makes a fresh ECDSA P-256 key (what every TLS stack speaks) and a self-signed certificate
 * for it carrying one extension:
 * <pre>
 * OID 1.3.6.1.4.1.59999.7.1 (atenet Raft node binding), OCTET STRING:
 *   node Ed25519 public key (32) | Ed25519 signature (64) by that key over "atenet raft tls v1" | SubjectPublicKeyInfo of the TLS key
 * </pre>
 * TLS proves the peer holds the TLS key; the binding proves the node key vouches for it; the chain says whether
 * that node key is enrolled ({@link EnrolledNodesTrustManager}). Names, dates and the certificate's own signature
 * are not relied on.
 */
public final class NodeTlsIdentity extends X509ExtendedKeyManager {
    static final String ALIAS = "node";
    static final ASN1ObjectIdentifier BINDING_OID = new ASN1ObjectIdentifier("1.3.6.1.4.1.59999.7.1");
    static final byte[] CONTEXT = "atenet raft tls v1".getBytes(StandardCharsets.US_ASCII);

    private final PrivateKey privateKey;
    private final X509Certificate certificate;

    public NodeTlsIdentity(Ed25519KeyPair nodeKey) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair tls = g.generateKeyPair();
            privateKey = tls.getPrivate();
            byte[] spki = tls.getPublic().getEncoded();
            byte[] binding = new byte[32 + 64];
            System.arraycopy(nodeKey.publicKey(), 0, binding, 0, 32);
            System.arraycopy(nodeKey.sign(signed(spki)), 0, binding, 32, 64);
            X500Name name = new X500Name("CN=atenet node " + atenet.wire.crypto.KeyId.hex(nodeKey.keyId()));
            long now = System.currentTimeMillis();
            var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now), new Date(now - 86_400_000L),
                    new Date(now + 100L * 365 * 86_400_000L), name, tls.getPublic());
            builder.addExtension(BINDING_OID, false, new DEROctetString(binding));
            certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(privateKey)));
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException
                 | org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException("cannot make the node's TLS certificate: " + e.getMessage(), e);
        }
    }

    private static byte[] signed(byte[] spki) {
        byte[] m = Arrays.copyOf(CONTEXT, CONTEXT.length + spki.length);
        System.arraycopy(spki, 0, m, CONTEXT.length, spki.length);
        return m;
    }

    /**
     * The node key that vouches for a certificate's TLS key, or null when the certificate has no valid binding
     * (missing, malformed, or a signature that does not verify with the key it names).
     */
    static byte[] nodeKey(X509Certificate cert) {
        try {
            byte[] ext = cert.getExtensionValue(BINDING_OID.getId());
            if (ext == null) {
                return null;
            }
            byte[] binding = ASN1OctetString.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getOctets();
            if (binding.length != 96) {
                return null;
            }
            byte[] key = Arrays.copyOfRange(binding, 0, 32);
            byte[] sig = Arrays.copyOfRange(binding, 32, 96);
            return Ed25519KeyPair.verify(key, signed(cert.getPublicKey().getEncoded()), sig) ? key : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return new String[]{ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return ALIAS;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return ALIAS;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return new String[]{ALIAS};
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return ALIAS;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return ALIAS;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return new X509Certificate[]{certificate};
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return privateKey;
    }
}
