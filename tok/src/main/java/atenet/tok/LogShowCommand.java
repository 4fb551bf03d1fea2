package atenet.tok;

import atenet.redolog.entry.LogEntry;
import atenet.redolog.state.ChainState;
import atenet.redolog.store.Chain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** {@code tok log show [--json]}: one line per entry. */
@Command(name = "show", description = "Show every entry: sequence, time, type, author, body summary.")
final class LogShowCommand extends Verb {
    @Option(names = "--json", description = "print a JSON array")
    boolean json;

    @Override
    public Integer call() {
        try (Chain chain = data.openChain()) {
            ChainState s = chain.state();
            List<LogEntry> entries = chain.entries();
            if (json) {
                List<Object> arr = new ArrayList<>();
                for (LogEntry e : entries) {
                    arr.add(Json.obj("seq", e.sequence(), "time", time(e.timeMillis()), "type", e.type().name(),
                            "author", Format.author(s, e.authorKeyId()), "hash", e.hashHex(), "summary", e.body().summary()));
                }
                out().println(Json.pretty(arr));
                return TokMain.EXIT_OK;
            }
            for (LogEntry e : entries) {
                out().printf("%5d  %-24s  %-18s  %-16s  %s%n", e.sequence(), time(e.timeMillis()), e.type(),
                        Format.author(s, e.authorKeyId()), e.body().summary());
            }
        }
        return TokMain.EXIT_OK;
    }
}
