package atenet.redolog.chain;

import atenet.redolog.entry.LogEntry;
import atenet.redolog.entry.LogEntryCodec;
import atenet.redolog.entry.NodeAdmitted;
import atenet.redolog.keys.Ed25519KeyPair;
import atenet.redolog.keys.NodeKeys;
import atenet.redolog.keys.KeyFiles;
import atenet.redolog.repl.SubmitResult;
import atenet.redolog.store.Chain;
import atenet.wire.identity.CertificateException;
import atenet.wire.identity.EnrollmentGrant;
import atenet.wire.identity.NodeCertificate;
import atenet.wire.net.HostPort;
import atenet.wire.token.EnrollmentToken;
import atenet.wire.token.TokenFormatException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Layer: chain rules + codecs, on a real Chronicle chain. A node enrols itself with the operator's one-time grant
 * (NODE_ADMITTED), and everything a grant holder could try instead is refused.
 */
class NodeAdmissionTest {
    @TempDir
    Path dir;
    Ed25519KeyPair operator;
    Chain chain;

    @BeforeEach
    void chain() {
        operator = Ed25519KeyPair.generate();
        chain = Chain.create(dir.resolve("d"), operator, "test");
    }

    EnrollmentGrant grant(String name, long expires, Ed25519KeyPair signer, byte[] chainId) {
        byte[] id = new byte[16];
        new java.security.SecureRandom().nextBytes(id);
        return EnrollmentGrant.sign(signer.privateKey(), chainId, id, expires, name, List.of());
    }

    EnrollmentGrant grant(String name) {
        return grant(name, System.currentTimeMillis() + 3_600_000, operator, chain.chainId());
    }

    NodeKeys newNode(String dirName) {
        return KeyFiles.readOrCreateNodeKeys(dir.resolve(dirName));
    }

    /** The entry the new node signs with its own key, on the head. */
    byte[] admission(NodeKeys k, String name, EnrollmentGrant g) {
        NodeAdmitted body = new NodeAdmitted(k.signing().publicKey(), k.x25519Public(), name, g.encoded());
        return LogEntryCodec.sign(chain.size(), System.currentTimeMillis(), chain.state().lastHash(), body, k.signing()).encoded();
    }

    @Test
    void aGrantAdmitsOneNodeOnceAndTheEntryIsAClientCheckableCertificate() {
        EnrollmentGrant g = grant("edge-2");
        NodeKeys k = newNode("n2");
        byte[] entry = admission(k, "edge-2", g);
        assertEquals(SubmitResult.Outcome.APPENDED, chain.appendSigned(entry).outcome());
        assertTrue(chain.state().node(k.nodeId()).isPresent());
        assertTrue(chain.state().grantUsed(g.grantIdHex()));

        NodeCertificate cert = NodeCertificate.verify(entry, 0, entry.length, operator.publicKey());
        assertArrayEquals(k.x25519Public(), cert.x25519Key());
        assertEquals("edge-2", cert.name());
        assertThrows(CertificateException.class, () -> NodeCertificate.verify(entry, 0, entry.length,
                Ed25519KeyPair.generate().publicKey()), "another operator's token does not accept it");

        NodeKeys other = newNode("n3");
        SubmitResult again = chain.appendSigned(admission(other, "edge-2", g));
        assertEquals(SubmitResult.Outcome.REFUSED, again.outcome());
        assertTrue(again.reason().contains("used already"), again.reason());
    }

    @Test
    void grantsOfAnotherOperatorOrChainOrNameAreRefused() {
        NodeKeys k = newNode("n2");
        SubmitResult foreignOperator = chain.appendSigned(admission(k, "x",
                grant("x", System.currentTimeMillis() + 60_000, Ed25519KeyPair.generate(), chain.chainId())));
        assertEquals(SubmitResult.Outcome.REFUSED, foreignOperator.outcome());
        assertTrue(foreignOperator.reason().contains("operator"), foreignOperator.reason());

        SubmitResult foreignChain = chain.appendSigned(admission(k, "x",
                grant("x", System.currentTimeMillis() + 60_000, operator, new byte[32])));
        assertEquals(SubmitResult.Outcome.REFUSED, foreignChain.outcome());
        assertTrue(foreignChain.reason().contains("another chain"), foreignChain.reason());

        SubmitResult otherName = chain.appendSigned(admission(k, "not-x", grant("x")));
        assertEquals(SubmitResult.Outcome.REFUSED, otherName.outcome());
        assertTrue(otherName.reason().contains("named"), otherName.reason());
        assertEquals(1, chain.size(), "nothing was admitted");
    }

    @Test
    void anAdmissionSignedByAnotherKeyIsRefused() {
        NodeKeys k = newNode("n2");
        EnrollmentGrant g = grant("edge");
        NodeAdmitted body = new NodeAdmitted(k.signing().publicKey(), k.x25519Public(), "edge", g.encoded());
        Ed25519KeyPair thief = Ed25519KeyPair.generate();
        LogEntry e = LogEntryCodec.sign(chain.size(), System.currentTimeMillis(), chain.state().lastHash(), body, thief);
        SubmitResult r = chain.appendSigned(e.encoded());
        assertEquals(SubmitResult.Outcome.REFUSED, r.outcome());
        assertFalse(chain.state().node(k.nodeId()).isPresent());
        byte[] enc = e.encoded();
        assertThrows(CertificateException.class, () -> NodeCertificate.verify(enc, 0, enc.length, operator.publicKey()));
    }

    @Test
    void aTamperedGrantDoesNotVerify() {
        EnrollmentGrant g = grant("edge");
        byte[] bad = g.encoded().clone();
        bad[40] ^= 1;                                     // inside the grant id
        assertThrows(CertificateException.class, () -> EnrollmentGrant.verify(bad, 0, bad.length, operator.publicKey()));
        assertThrows(CertificateException.class, () -> EnrollmentGrant.verify(bad, 0, 5, operator.publicKey()));
        EnrollmentGrant ok = EnrollmentGrant.verify(g.encoded(), 0, g.encoded().length, operator.publicKey());
        assertEquals("edge", ok.name());
    }

    @Test
    void enrolmentTokensRoundTripAndSayWhatIsWrong() {
        EnrollmentGrant g = grant("edge");
        EnrollmentToken t = new EnrollmentToken(operator.publicKey(), g, List.of(new HostPort("198.18.0.1", 4790), new HostPort("::1", 4790)));
        String text = t.encode();
        assertTrue(text.startsWith("atnj_"));
        EnrollmentToken back = EnrollmentToken.decode(text);
        assertEquals(t.contacts(), back.contacts());
        assertArrayEquals(g.encoded(), back.grant().encoded());
        assertThrows(TokenFormatException.class, () -> EnrollmentToken.decode("atn2_abc"));
        assertThrows(TokenFormatException.class, () -> EnrollmentToken.decode(text.substring(0, text.length() - 10)));
        String otherOperator = new EnrollmentToken(Ed25519KeyPair.generate().publicKey(), g, t.contacts()).encode();
        TokenFormatException e = assertThrows(TokenFormatException.class, () -> EnrollmentToken.decode(otherOperator));
        assertTrue(e.getMessage().contains("operator"), e.getMessage());
    }

    @Test
    void aCopiedChainIsVerifiedEntryByEntry() {
        NodeKeys k = newNode("n2");
        chain.appendSigned(admission(k, "edge", grant("edge")));
        List<byte[]> entries = chain.entries().stream().map(LogEntry::encoded).toList();
        try (Chain copy = Chain.adopt(dir.resolve("copy"), entries, chain.chainId())) {
            assertEquals(chain.headHashHex(), copy.headHashHex());
        }
        byte[] tampered = entries.get(1).clone();
        tampered[tampered.length - 1] ^= 1;
        ChainVerificationException ex = assertThrows(ChainVerificationException.class,
                () -> Chain.adopt(dir.resolve("bad"), List.of(entries.get(0), tampered), chain.chainId()));
        assertTrue(ex.getMessage().contains("entry 1"), ex.getMessage());
        assertThrows(ChainVerificationException.class, () -> Chain.adopt(dir.resolve("other"), entries, new byte[32]));
    }
}
