package atenet.it.netns;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A started process whose stdout and stderr are captured line by line (in memory, and in a log file
 * under {@code target/it/logs}). {@link #close()} sends SIGTERM, then SIGKILL after a grace period.
 * Every Proc started since the last {@link #clearRecent()} is remembered, so that a failing test can
 * print all of their output ({@link DumpOnFailure}).
 */
public final class Proc implements AutoCloseable {
    private static final List<Proc> RECENT = Collections.synchronizedList(new ArrayList<>());

    private final String name;
    private final List<String> command;
    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    /** Both streams interleaved, each line prefixed with "out| " or "err| ". */
    private final List<String> all = new ArrayList<>();
    private final Thread outPump;
    private final Thread errPump;
    private final Writer log;

    private Proc(String name, List<String> command) throws IOException {
        this.name = name;
        this.command = List.copyOf(command);
        Path logDir = Path.of(System.getProperty("atenet.it.out", "target/it"), "logs");
        Files.createDirectories(logDir);
        this.log = Files.newBufferedWriter(logDir.resolve(Names.RUN_PREFIX + Names.next() + "-" + name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".log"));
        log.write("$ " + String.join(" ", command) + "\n");
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(new File("/dev/null"));
        this.process = pb.start();
        this.outPump = pump(process.getInputStream(), out, "out| ");
        this.errPump = pump(process.getErrorStream(), err, "err| ");
        RECENT.add(this);
    }

    /** Starts {@code command} (argv, no shell). */
    public static Proc start(String name, List<String> command) {
        try {
            return new Proc(name, command);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    public static Proc start(String name, String... command) {
        return start(name, List.of(command));
    }

    /** Runs to completion (killed after {@code timeout}) and returns the finished Proc. */
    public static Proc run(String name, Duration timeout, List<String> command) {
        Proc p = start(name, command);
        try {
            p.exitCode(timeout);
        } finally {
            p.close();
        }
        return p;
    }

    private Thread pump(InputStream in, List<String> sink, String tag) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (this) {
                        sink.add(line);
                        all.add(tag + line);
                        try {
                            log.write(tag + line + "\n");
                            log.flush();
                        } catch (IOException ignored) {
                            // the log file is a debugging aid only
                        }
                        notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // stream closed: process gone
            }
            synchronized (this) {
                notifyAll();
            }
        }, "proc-" + name + "-" + tag.trim());
        t.setDaemon(true);
        t.start();
        return t;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until a line of stdout or stderr matches {@code regex} (find, not full match) and returns
     * the match. Fails at once when the process exits without printing it, or after {@code timeout}.
     */
    public MatchResult awaitLine(String regex, Duration timeout) {
        return awaitLine(Pattern.compile(regex), timeout, false);
    }

    /** Like {@link #awaitLine(String, Duration)}, only on stdout. */
    public MatchResult awaitStdoutLine(String regex, Duration timeout) {
        return awaitLine(Pattern.compile(regex), timeout, true);
    }

    private synchronized MatchResult awaitLine(Pattern p, Duration timeout, boolean stdoutOnly) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (true) {
            List<String> lines = stdoutOnly ? out : all;
            for (; seen < lines.size(); seen++) {
                String line = stdoutOnly ? lines.get(seen) : lines.get(seen).substring(5);
                Matcher m = p.matcher(line);
                if (m.find()) {
                    return m.toMatchResult();
                }
            }
            boolean ended = !process.isAlive() && !outPump.isAlive() && !errPump.isAlive();
            if (ended) {
                throw new AssertionError(name + " exited (code " + process.exitValue() + ") without printing a line matching /"
                        + p + "/; output:\n" + output());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(name + " printed no line matching /" + p + "/ within " + timeout + "; output:\n" + output());
            }
            try {
                wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Waits for the exit code; fails (and kills the process) after {@code timeout}. */
    public int exitCode(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new AssertionError(name + " did not exit within " + timeout + "; output:\n" + output());
            }
            outPump.join(2000);
            errPump.join(2000);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits up to {@code timeout} for the process to exit; true when it did. */
    public boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public synchronized String stdout() {
        return String.join("\n", out);
    }

    public synchronized String stderr() {
        return String.join("\n", err);
    }

    /** Both streams interleaved as they came, each line tagged "out| " or "err| ". */
    public synchronized String output() {
        return String.join("\n", all);
    }

    /** Sends a signal by name ("INT", "TERM", ...) to the process (not its children). */
    public void signal(String sig) {
        if (process.isAlive()) {
            Sh.run(Duration.ofSeconds(5), "kill", "-" + sig, Long.toString(process.pid()));
        }
    }

    /** SIGTERM, up to 10 s to exit, then SIGKILL. Idempotent. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            outPump.join(2000);
            errPump.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            try {
                log.write("# exit " + (process.isAlive() ? "still running" : process.exitValue()) + "\n");
                log.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + "): " + String.join(" ", command);
    }

    /** Procs started since the last {@link #clearRecent()}. */
    public static List<Proc> recent() {
        synchronized (RECENT) {
            return List.copyOf(RECENT);
        }
    }

    public static void clearRecent() {
        RECENT.clear();
    }
}
