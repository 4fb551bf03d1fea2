package atenet.tok;

import atenet.redolog.state.ChainState;
import atenet.redolog.store.Chain;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Base of the {@code list}/{@code show} verbs: opens the chain, takes one row per item, prints them as a table
 * (a header line, then one line each) or, with {@code --json}, as one JSON array of objects.
 */
abstract class ChainListing<T> extends Verb {
    @Option(names = "--json", description = "print a JSON array")
    boolean json;

    /** The items to list. */
    abstract List<T> rows(Chain chain);

    /** The table's header line (with its line break), or "" for none. */
    abstract String header();

    /** One table line (with its line break). */
    abstract String line(ChainState s, T row);

    /** One JSON object. */
    abstract Map<String, Object> json(ChainState s, T row);

    @Override
    public final Integer call() {
        try (Chain chain = data.openChain()) {
            ChainState s = chain.state();
            List<T> rows = rows(chain);
            if (json) {
                List<Object> arr = new ArrayList<>();
                for (T row : rows) {
                    arr.add(json(s, row));
                }
                out().println(Json.pretty(arr));
            } else {
                out().print(header());
                for (T row : rows) {
                    out().print(line(s, row));
                }
            }
        }
        return TokMain.EXIT_OK;
    }
}
