package atenet.it.topo;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checkout is (failsafe passes -Datenet.repo; else found upwards from the working dir). */
public final class Repo {
    private Repo() {
    }

    public static Path root() {
        String prop = System.getProperty("atenet.repo");
        if (prop != null) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("bin/vswitch"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repo (bin/vswitch) from " + Path.of("").toAbsolutePath());
    }

    /** Absolute path of a launcher, e.g. bin("tok"). */
    public static String bin(String tool) {
        return root().resolve("bin").resolve(tool).toString();
    }

    /** target/it of the integration-tests module (logs, data dirs, captures). */
    public static Path out() {
        return Path.of(System.getProperty("atenet.it.out", "target/it")).toAbsolutePath();
    }
}
