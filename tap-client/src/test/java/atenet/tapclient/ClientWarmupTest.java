package atenet.tapclient;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Unit layer: the start-up warm-up really joins its echo node and pushes every frame there and back. */
class ClientWarmupTest {
    @Test
    void plainAndOffloadedPathsBothCompleteTheirFrames() {
        assertTrue(ClientWarmup.run(2000, 0) >= 0, "plain TAP path: joined and echoed 2000 frames");
        assertTrue(ClientWarmup.run(2000, 10) >= 0, "virtio-header TAP path: joined and echoed 2000 frames");
    }
}
