package atenet.it;

import atenet.it.topo.FabricNode;
import atenet.it.topo.FabricTopology;
import org.junit.jupiter.api.AfterEach;

import java.util.ArrayList;
import java.util.List;

/**
 * Base of the fabric tests: a {@link FabricTopology} and everything started on it (nodes, clients), closed newest
 * first after each test, also when it fails; the overlay helpers (sha256, awaitListening, closeLater) come from
 * {@link OverlayTestBase}.
 */
abstract class FabricTestBase extends OverlayTestBase {
    protected FabricTopology fabric;
    protected final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void tearDownFabric() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                System.err.println("cleanup: " + e);
            }
        }
        open.clear();
        if (fabric != null) {
            fabric.close();
        }
    }

    /** Node {@code i} of the fabric (not started), closed after the test. */
    protected FabricNode node(int i) {
        FabricNode n = new FabricNode(fabric, i);
        open.add(n);
        return n;
    }
}
