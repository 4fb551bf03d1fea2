package atenet.it.netns;

import java.time.Duration;
import java.util.List;

/** Runs short commands in the root namespace. */
public final class Sh {
    private Sh() {
    }

    /** Runs {@code argv}; returns the finished Proc (whatever its exit code). */
    public static Proc run(Duration timeout, String... argv) {
        return Proc.run(argv[0].replaceAll(".*/", ""), timeout, List.of(argv));
    }

    /** Runs {@code argv} and fails unless it exits 0. */
    public static Proc ok(String... argv) {
        Proc p = run(Duration.ofSeconds(30), argv);
        int code = p.exitCode(Duration.ofSeconds(1));
        if (code != 0) {
            throw new AssertionError(String.join(" ", argv) + " exited " + code + ":\n" + p.output());
        }
        return p;
    }

    /** True when {@code tool} is on the PATH. */
    public static boolean has(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (new java.io.File(dir, tool).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
