package atenet.wire.port;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class PortKindTest {
    @Test
    void onlyPeerIsPeer() {
        for (PortKind k : PortKind.values()) {
            assertEquals(k == PortKind.PEER, k.isPeer(), k.name());
        }
    }
}
