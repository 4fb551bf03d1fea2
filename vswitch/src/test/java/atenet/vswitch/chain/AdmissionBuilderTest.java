package atenet.vswitch.chain;

import atenet.redolog.keys.KeyFiles;
import atenet.redolog.ops.ChainBootstrap;
import atenet.redolog.ops.IssuedKey;
import atenet.redolog.ops.KeyIssuer;
import atenet.redolog.store.Chain;
import atenet.vswitch.udp.Admission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Layer: unit (a real chain in a temp directory folded into the data plane's snapshot). */
class AdmissionBuilderTest {
    @TempDir
    Path tmp;

    @Test
    void bridgeKeysCarryTheirFlag() {
        try (Chain chain = ChainBootstrap.init(tmp, "default", "10.250.0.0/24")) {
            IssuedKey lan = KeyIssuer.issue(chain, KeyFiles.operatorKey(tmp), "default", "lan", 0, true);
            IssuedKey laptop = KeyIssuer.issue(chain, KeyFiles.operatorKey(tmp), "default", "laptop", 0, false);
            Admission a = new AdmissionBuilder().build(chain.state());
            assertTrue(a.key(lan.record().keyId()).bridge());
            assertFalse(a.key(laptop.record().keyId()).bridge());
            assertArrayEquals(lan.record().publicKey(), a.key(lan.record().keyId()).publicKey(),
                    "the handshake's initiator key is checked against this");
            assertArrayEquals(laptop.record().publicKey(), a.key(laptop.record().keyId()).publicKey());
            assertNull(a.refusal());
        }
    }
}
