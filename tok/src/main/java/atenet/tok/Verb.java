package atenet.tok;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;

/** Base of every leaf command: --data, --help, output streams and small formatting helpers. */
abstract class Verb implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataDir data;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    static String time(long millis) {
        return millis == 0 ? "never" : Instant.ofEpochMilli(millis).toString();
    }
}
