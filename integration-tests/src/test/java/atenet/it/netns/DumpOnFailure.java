package atenet.it.netns;

import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * When a test fails, prints the captured output of every process it started (node, clients, tok,
 * tcpdump, ...). Full logs also stay in integration-tests/target/it/logs.
 */
public final class DumpOnFailure implements BeforeEachCallback, TestWatcher {
    @Override
    public void beforeEach(ExtensionContext context) {
        Proc.clearRecent();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        StringBuilder sb = new StringBuilder("\n===== " + context.getDisplayName() + " failed; output of its processes =====\n");
        for (Proc p : Proc.recent()) {
            if (p.name().matches("(.*-)?(ip|sysctl|kill)")) {
                continue; // plumbing
            }
            sb.append("----- ").append(p).append('\n').append(p.output()).append('\n');
        }
        sb.append("===== (logs: ").append(System.getProperty("atenet.it.out", "target/it")).append("/logs)\n");
        System.out.println(sb);
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
    }
}
