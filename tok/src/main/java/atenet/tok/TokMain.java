package atenet.tok;

import atenet.redolog.chain.ChainVerificationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * {@code tok}: the operator CLI. One class per verb; every command takes {@code --data DIR}.
 * Errors are one line on stderr starting with "tok: " (never a stack trace; set TOK_DEBUG=1 to get one):
 * exit code 2 for usage errors (bad or missing arguments), 1 for everything else.
 */
@Command(name = "tok", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "tok 0.1.0",
        description = "atenet operator CLI: chain, networks, access keys, nodes, node status.",
        subcommands = {InitCommand.class, NetworksCommand.class, KeysCommand.class, NodesCommand.class,
                LogCommand.class, StatusCommand.class})
public final class TokMain extends GroupCommand {
    public static final int EXIT_OK = 0;
    public static final int EXIT_ERROR = 1;
    public static final int EXIT_USAGE = 2;

    public static void main(String[] args) {
        quietLogging();
        CommandLine cl = newCommandLine();
        int code = cl.execute(dataOptionLast(args));
        cl.getOut().flush();                      // print() does not flush an autoflush PrintWriter
        cl.getErr().flush();
        System.exit(code);
    }

    /**
     * Chronicle logs through SLF4J and announces itself at INFO: tok's output must stay clean (one token line on
     * stdout, one-line errors on stderr), so keep only warnings, unless the user set these properties.
     */
    static void quietLogging() {
        setIfAbsent("slf4j.internal.verbosity", "ERROR");
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("chronicle.announcer.disable", "true");
        setIfAbsent("chronicle.analytics.disable", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** A configured command line; tests set out/err on it and call execute. */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new TokMain());
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("tok: " + oneLine(ex.getMessage()) + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            c.getErr().flush();
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (System.getenv("TOK_DEBUG") != null) {
                ex.printStackTrace(c.getErr());
            }
            if (ex instanceof CommandLine.ParameterException pe) {
                c.getErr().println("tok: " + oneLine(pe.getMessage()) + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
                c.getErr().flush();
                return EXIT_USAGE;
            }
            String msg = ex.getMessage();
            if (msg == null || msg.isBlank()) {
                msg = "unexpected internal error (" + ex.getClass().getSimpleName().replace("Exception", "") + "); rerun with TOK_DEBUG=1";
            }
            if (ex instanceof ChainVerificationException) {
                msg = "chain verification failed: " + msg;
            }
            c.getErr().println("tok: " + oneLine(msg));
            c.getErr().flush();
            return EXIT_ERROR;
        });
        return cl;
    }

    /** Runs tok with the given streams; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        quietLogging();
        CommandLine cl = newCommandLine();
        cl.setOut(out);
        cl.setErr(err);
        int code = cl.execute(dataOptionLast(args));
        out.flush();
        err.flush();
        return code;
    }

    /**
     * Lets {@code --data DIR} (and --node, --node-token-file, --operator-key) stand before the verb too
     * ({@code tok --node HOST:PORT keys list}): every verb declares them, so leading ones move to the end.
     */
    /** Options every verb takes that may also stand before the verb. */
    private static final java.util.Set<String> LEADING = java.util.Set.of("--data", "--node", "--node-token-file", "--operator-key");

    static String[] dataOptionLast(String[] args) {
        java.util.List<String> lead = new java.util.ArrayList<>();
        int i = 0;
        while (i < args.length) {
            if (LEADING.contains(args[i]) && i + 1 < args.length) {
                lead.add(args[i]);
                lead.add(args[i + 1]);
                i += 2;
            } else if (LEADING.stream().anyMatch(args[i].split("=", 2)[0]::equals) && args[i].contains("=")) {
                lead.add(args[i]);
                i++;
            } else {
                break;
            }
        }
        if (lead.isEmpty() || i == args.length) {
            return args;
        }
        java.util.List<String> out = new java.util.ArrayList<>(java.util.Arrays.asList(args).subList(i, args.length));
        out.addAll(lead);
        return out.toArray(new String[0]);
    }

    static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
