package atenet.redolog.repl;

import atenet.redolog.entry.NetworkCreated;
import atenet.redolog.entry.NetworkId;
import atenet.redolog.entry.NodeEnrolled;
import atenet.redolog.keys.Ed25519KeyPair;
import atenet.redolog.TestDirs;
import atenet.redolog.store.Chain;
import atenet.wire.crypto.X25519Keys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Layer: replication over mutual TLS. Real Ratis servers on loopback whose every connection must show a TLS key
 * vouched for by a node key the chain enrols: enrolled members replicate; a process with a key the chain does not
 * enrol can neither submit nor receive; a forged binding is refused.
 */
class RaftTlsTest {
    @TempDir
    Path dir;
    final Ed25519KeyPair operator = Ed25519KeyPair.generate();
    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception ignored) {
                // next
            }
        }
    }

    static NetworkCreated network(String name) throws Exception {
        return new NetworkCreated(NetworkId.random().bytes(), name, (Inet4Address) InetAddress.getByName("10.9.0.0"), 24, 1400);
    }

    static RaftMember member(Ed25519KeyPair k) throws Exception {
        return new RaftMember(HexFormat.of().toHexDigits(k.keyId()), "127.0.0.1:" + TestDirs.freePort());
    }

    byte[] signOn(Path data, atenet.redolog.entry.EntryBody body) {
        try (Chain reader = Chain.open(data)) {
            return reader.signNext(body, operator).encoded();
        }
    }

    @Test
    void enrolledNodesReplicateOverTlsAndAStrangerGetsNothingIn() throws Exception {
        List<Ed25519KeyPair> keys = List.of(Ed25519KeyPair.generate(), Ed25519KeyPair.generate(), Ed25519KeyPair.generate());
        Path first = dir.resolve("m0");
        try (Chain c = Chain.create(first, operator, "tls")) {
            for (int i = 0; i < 3; i++) {
                c.append(new NodeEnrolled(keys.get(i).publicKey(), X25519Keys.publicOf(new byte[]{(byte) (i + 1), 2, 3, 4, 5, 6, 7, 8,
                        9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}), "n" + i), operator);
            }
        }
        List<Path> dirs = new ArrayList<>(List.of(first));
        for (int i = 1; i <= 3; i++) {
            TestDirs.copy(first, dir.resolve("m" + i));
            dirs.add(dir.resolve("m" + i));
        }
        List<RaftMember> g = new ArrayList<>();
        for (Ed25519KeyPair k : keys) {
            g.add(member(k));
        }
        List<ChainReplica> rs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ChainReplica r = ChainReplica.start(dirs.get(i), g.get(i), g, keys.get(i));
            open.add(r);
            rs.add(r);
        }
        assertTrue(rs.get(2).submit(signOn(dirs.get(2), network("over-tls"))).get(30, TimeUnit.SECONDS).appended());
        ChainReplicaTest.eventually("replicated over TLS", () -> ChainReplicaTest.size(dirs.get(0)) == 5
                && ChainReplicaTest.size(dirs.get(1)) == 5);

        // a stranger (a key the chain does not enrol) that knows the group: its requests never get in
        Ed25519KeyPair strangerKey = Ed25519KeyPair.generate();
        List<RaftMember> withStranger = new ArrayList<>(g);
        RaftMember strangerMember = member(strangerKey);
        withStranger.add(strangerMember);
        ChainReplica stranger = ChainReplica.start(dirs.get(3), strangerMember, withStranger, strangerKey);
        open.add(stranger);
        var attempt = stranger.submit(signOn(dirs.get(3), network("injected")));
        ExecutionException e = assertThrows(ExecutionException.class, () -> attempt.get(30, TimeUnit.SECONDS));
        assertNotNull(e.getCause());
        Thread.sleep(500);
        assertEquals(5, ChainReplicaTest.size(dirs.get(0)), "nothing of the stranger's got into the chain");
        assertEquals(4, ChainReplicaTest.size(dirs.get(3)), "the stranger got no entries either");
    }

    @Test
    void theTrustManagerAcceptsExactlyEnrolledBindings() throws Exception {
        Ed25519KeyPair node = Ed25519KeyPair.generate();
        NodeTlsIdentity id = new NodeTlsIdentity(node);
        String hex = HexFormat.of().formatHex(node.publicKey());
        EnrolledNodesTrustManager enrolled = new EnrolledNodesTrustManager(() -> Set.of(hex));
        EnrolledNodesTrustManager other = new EnrolledNodesTrustManager(() -> Set.of(HexFormat.of().formatHex(new byte[32])));
        enrolled.checkClientTrusted(new java.security.cert.X509Certificate[]{id.certificate()}, "EC");
        enrolled.checkServerTrusted(new java.security.cert.X509Certificate[]{id.certificate()}, "EC");
        assertThrows(CertificateException.class, () -> other.checkServerTrusted(new java.security.cert.X509Certificate[]{id.certificate()}, "EC"));
        // a certificate for another TLS key cannot borrow the binding: it is over the TLS key's bytes
        NodeTlsIdentity thief = new NodeTlsIdentity(Ed25519KeyPair.generate());
        assertThrows(CertificateException.class, () -> enrolled.checkServerTrusted(new java.security.cert.X509Certificate[]{thief.certificate()}, "EC"));
        assertThrows(CertificateException.class, () -> enrolled.checkServerTrusted(new java.security.cert.X509Certificate[0], "EC"));
    }
}
