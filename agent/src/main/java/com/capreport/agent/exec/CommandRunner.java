package com.capreport.agent.exec;

import com.capreport.agent.driver.DriverException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs external commands for drivers. Every run has a deadline: at the deadline the child and its
 * descendants are killed and the call fails with "timed out after …". The environment always has
 * {@code LC_ALL=C}; stderr is captured and its last lines go into the error message.
 */
public final class CommandRunner {
    private static final int MAX_ERR_CHARS = 400;

    private final Map<String, String> extraEnv;
    /** Per caller ({@code what}): a child that outlived its kill. Shared by copies made with withEnv. */
    private final Map<String, ProcessHandle> stuck;
    private final ThreadLocal<String> owner = new ThreadLocal<>();

    public CommandRunner() {
        this(Map.of());
    }

    public CommandRunner(Map<String, String> extraEnv) {
        this(extraEnv, new java.util.concurrent.ConcurrentHashMap<>());
    }

    private CommandRunner(Map<String, String> extraEnv, Map<String, ProcessHandle> stuck) {
        this.extraEnv = Map.copyOf(extraEnv);
        this.stuck = stuck;
    }

    /** The same runner with more environment variables for its children. */
    public CommandRunner withEnv(Map<String, String> more) {
        Map<String, String> env = new java.util.HashMap<>(extraEnv);
        env.putAll(more);
        return new CommandRunner(env, stuck);
    }

    /** What a finished command printed. */
    public record Result(int exitCode, String stdout, String stderr, Duration took) {
    }

    /**
     * Runs {@code command} and returns its output when it exits 0.
     *
     * @param what names the caller in errors, e.g. the backend ("lvm-1")
     */
    public Result run(String what, List<String> command, Duration timeout) throws DriverException, InterruptedException {
        Result r = runAllowingFailure(what, command, timeout);
        if (r.exitCode() != 0) {
            throw new DriverException(what + ": " + display(command) + " exited " + r.exitCode()
                    + errTail(r.stderr()));
        }
        return r;
    }

    /** Runs {@code command}; a non-zero exit is returned, not thrown. Timeouts and spawn failures throw. */
    public Result runAllowingFailure(String what, List<String> command, Duration timeout)
            throws DriverException, InterruptedException {
        ProcessHandle previous = stuck.get(what);
        if (previous != null) {
            if (previous.isAlive()) {
                // e.g. vgs in uninterruptible disk wait on a dead device: do not pile up more of them.
                throw new DriverException(what + ": an earlier command (pid " + previous.pid()
                        + ") is still running after being killed; not starting another");
            }
            stuck.remove(what, previous);
        }
        owner.set(what);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(extraEnv);
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("LANG", "C");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        long start = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new DriverException(what + ": cannot run " + command.get(0) + ": "
                    + (e.getMessage() == null ? e.toString() : e.getMessage().replaceAll("\\s+", " ")));
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                String stderr;
                try {
                    stderr = err.get(500, TimeUnit.MILLISECONDS); // what it printed before the kill
                } catch (ExecutionException | TimeoutException e) {
                    stderr = "";
                }
                throw new DriverException(what + ": " + display(command) + " timed out after "
                        + com.capreport.model.Durations.format(timeout) + " and was killed" + errTail(stderr));
            }
            String stdout = out.get(5, TimeUnit.SECONDS);
            String stderr = err.get(5, TimeUnit.SECONDS);
            return new Result(p.exitValue(), stdout, stderr, Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            kill(p);
            throw e;
        } catch (ExecutionException | TimeoutException e) {
            // A grandchild that kept our pipes open after the child exited: do not wait for it.
            kill(p);
            throw new DriverException(what + ": " + display(command) + ": output could not be read: " + e);
        }
    }

    /**
     * SIGTERM first (a {@code sudo} prefix passes it on to the root-owned child, which we may not
     * signal ourselves), SIGKILL after 2 s for whatever is left.
     */
    private void kill(Process p) {
        java.util.List<ProcessHandle> all = new java.util.ArrayList<>(p.descendants().toList());
        all.forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                all.forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            all.forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        all.add(p.toHandle());
        all.stream().filter(ProcessHandle::isAlive).findFirst().ifPresent(h -> stuck.put(owner.get(), h));
    }

    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (in) {
                in.transferTo(buf);
            } catch (IOException e) {
                // The stream closes under us when a killed child's pipe goes away: keep what was read.
            }
            f.complete(buf.toString(StandardCharsets.UTF_8));
        }, "cmd-drain");
        t.setDaemon(true);
        t.start();
        return f;
    }

    static String display(List<String> command) {
        return String.join(" ", command);
    }

    /** ": <last line(s) of stderr>", trimmed to one line of bounded length; empty when there is none. */
    static String errTail(String stderr) {
        if (stderr == null || stderr.isBlank()) {
            return "";
        }
        String oneLine = stderr.strip().replaceAll("\\s*\\R\\s*", " | ");
        if (oneLine.length() > MAX_ERR_CHARS) {
            oneLine = "…" + oneLine.substring(oneLine.length() - MAX_ERR_CHARS);
        }
        return ": " + oneLine;
    }
}
