package atenet.tok;

import atenet.redolog.store.Chain;
import picocli.CommandLine.Command;

/** {@code tok log verify}: "chain OK: N entries, head HASH", or the bad entry and exit 1. */
@Command(name = "verify", description = "Verify every entry (hash links, sequence, signatures, authority) and chain.head.")
final class LogVerifyCommand extends Verb {
    @Override
    public Integer call() {
        try (Chain chain = data.openChain()) {
            out().println("chain OK: " + chain.size() + " entries, head " + chain.headHashHex());
        }
        return TokMain.EXIT_OK;
    }
}
