package atenet.tok;

import atenet.redolog.entry.LogEntry;
import atenet.redolog.state.ChainState;
import atenet.redolog.store.Chain;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.Map;

/** {@code tok log show [--json]}: one line per entry. */
@Command(name = "show", description = "Show every entry: sequence, time, type, author, body summary.")
final class LogShowCommand extends ChainListing<LogEntry> {
    @Override
    List<LogEntry> rows(Chain chain) {
        return chain.entries();
    }

    @Override
    String header() {
        return "";
    }

    @Override
    String line(ChainState s, LogEntry e) {
        return String.format("%5d  %-24s  %-18s  %-16s  %s%n", e.sequence(), time(e.timeMillis()), e.type(),
                Format.author(s, e.authorKeyId()), e.body().summary());
    }

    @Override
    Map<String, Object> json(ChainState s, LogEntry e) {
        return Json.obj("seq", e.sequence(), "time", time(e.timeMillis()), "type", e.type().name(),
                "author", Format.author(s, e.authorKeyId()), "hash", e.hashHex(), "summary", e.body().summary());
    }
}
