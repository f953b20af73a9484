package com.capreport.agent.bench;

import com.capreport.agent.cli.ExitCodes;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.EtcdUnavailableException;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import com.capreport.model.match.SyntheticWorkload;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The agent's footprint on a storage node: one real {@code capreport agent} process (its own JVM
 * with default flags, as {@code ./capreport agent} starts it) with three backends (a sim backend of
 * 20 pools, a filesystem backend of two directories, a sim backend of 50 pools), discovering every
 * second, and its resident set size sampled from {@code /proc/{pid}/status} once its three loops
 * have reported.
 *
 * <p>The agent reports under {@code {prefix}/rss}, which is deleted at the end with the temp
 * config and directories. The agent's stderr goes to a temp file whose tail explains a failed start.
 */
public final class AgentRssPhase {
    static final String SECTION = "footprint";
    static final String FIGURE = "agent RSS, 3 backends";
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(250);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration OP_TIMEOUT = Duration.ofSeconds(10);
    private static final Path PROC = Path.of("/proc");
    private static final String MAIN = "com.capreport.agent.cli.Main";
    private static final int START_ATTEMPTS = 3;

    private final EtcdConnection etcd;
    private final PrintWriter progress;
    private final String classpath;

    /** {@code $CAPREPORT_JAVA_OPTS} split on white space, as the launcher passes it to {@code java}. */
    static List<String> javaOpts() {
        String opts = System.getenv("CAPREPORT_JAVA_OPTS");
        return opts == null || opts.isBlank() ? List.of() : List.of(opts.trim().split("\\s+"));
    }

    /** An agent started from this JVM's own class path ({@code java.class.path}). */
    public AgentRssPhase(EtcdConnection etcd, PrintWriter progress) {
        this(etcd, progress, System.getProperty("java.class.path"));
    }

    /**
     * An agent started from {@code classpath}: for hosts whose {@code java.class.path} is not the
     * real one (Maven surefire's manifest-only booter jar; its {@code surefire.test.class.path} is).
     */
    public AgentRssPhase(EtcdConnection etcd, PrintWriter progress, String classpath) {
        this.etcd = Objects.requireNonNull(etcd);
        this.progress = Objects.requireNonNull(progress);
        this.classpath = Objects.requireNonNull(classpath);
    }

    /** Runs the agent, samples its RSS for {@code duration}, stops it and cleans up. */
    public List<Figure> run(Duration duration) throws Exception {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("agent RSS: the sampling duration must be positive, got " + duration);
        }
        if (!Files.isReadable(PROC.resolve("self/status"))) {
            return List.of(Figure.single(SECTION, FIGURE, "MiB", Double.NaN,
                    "not measured: no /proc on this system (VmRSS is read from /proc/{pid}/status)"));
        }
        EtcdConnection sub = new EtcdConnection(etcd.endpoints(), etcd.prefix() + "/rss", etcd.tls(), etcd.user(),
                etcd.passwordFile(), etcd.passwordEnv());
        KeyLayout layout = sub.layout();
        String dockId = "bench-rss-" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = Files.createTempDirectory("capreport-bench-rss-");
        Path stderr = dir.resolve("agent.stderr");
        Process agent = null;
        Client client = EtcdClients.connect(sub);
        try {
            Path a = Files.createDirectories(dir.resolve("export-a"));
            Path b = Files.createDirectories(dir.resolve("export-b"));
            Path config = dir.resolve("agent.yaml");
            Files.writeString(config, config(sub, dockId, a, b), StandardCharsets.UTF_8);
            // Reachable before we start anything: a down etcd is one clear line, not an agent's stack.
            EtcdClients.await(client.getKVClient().get(EtcdClients.bytes(layout.root()),
                    GetOption.builder().withCountOnly(true).withLimit(1).build()), OP_TIMEOUT,
                    "agent RSS: reach etcd at " + String.join(",", sub.endpoints()));

            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            // The JVM flags ./capreport gives an agent: $CAPREPORT_JAVA_OPTS, none by default.
            List<String> jvmOpts = javaOpts();
            command.addAll(jvmOpts);
            command.addAll(List.of("-cp", classpath, MAIN, "agent", "--config", config.toString()));
            progress.printf(Locale.ROOT, "starting one agent (3 backends: sim 20 pools, filesystem 2 paths, sim 50"
                    + " pools) under %s …%n", layout.prefix());
            progress.flush();
            long t0 = System.nanoTime();
            for (int attempt = 1; ; attempt++) {
                agent = new ProcessBuilder(command).redirectErrorStream(false)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(stderr.toFile()).start();
                try {
                    awaitLoops(client, layout, dockId, agent, stderr);
                    break;
                } catch (AgentExited e) {
                    // A starting agent gives up when etcd does not answer its first read within 5 s
                    // (exit 3); on a loaded machine that is the machine, not the agent: try again.
                    if (e.exitCode != ExitCodes.UNREACHABLE || attempt == START_ATTEMPTS) {
                        throw new IllegalStateException(e.getMessage());
                    }
                    progress.printf(Locale.ROOT, "agent RSS: attempt %d: %s; starting it again%n", attempt,
                            e.getMessage());
                    progress.flush();
                }
            }
            progress.printf(Locale.ROOT, "agent pid %d: 3 loops reported after %.1f s; sampling RSS for %s …%n",
                    agent.pid(), (System.nanoTime() - t0) / 1e9, com.capreport.model.Durations.format(duration));
            progress.flush();

            Samples rss = sample(agent, duration, stderr);
            Samples.Stats s = rss.stats();
            progress.printf(Locale.ROOT, "agent RSS … median %.0f MiB, max %.0f MiB (%d samples)%n", s.median(), s.max(),
                    s.count());
            progress.flush();
            return List.of(Figure.distribution(SECTION, FIGURE, "MiB", s, "VmRSS of one `capreport agent` JVM"
                    + (jvmOpts.isEmpty() ? " (default JVM flags, no -Xmx)" : " (CAPREPORT_JAVA_OPTS: "
                    + String.join(" ", jvmOpts) + ")") + ", sim 20 pools + filesystem 2 paths + sim 50 pools, discovery every"
                    + " 1 s; sampled every " + SAMPLE_EVERY.toMillis() + " ms for "
                    + com.capreport.model.Durations.format(duration) + " after its 3 loops reported"));
        } finally {
            try {
                stop(agent);
            } finally {
                cleanUp(client, layout, dir);
            }
        }
    }

    /** The agent config: the contract's keys only, connection settings copied from the bench's. */
    static String config(EtcdConnection c, String dockId, Path exportA, Path exportB) {
        StringBuilder y = new StringBuilder();
        y.append("dock: { id: ").append(q(dockId)).append(", availabilityZone: az01, grpc: \"127.0.0.1:0\" }\n");
        y.append("etcd:\n  endpoints: [");
        for (int i = 0; i < c.endpoints().size(); i++) {
            y.append(i == 0 ? "" : ", ").append(q(c.endpoints().get(i)));
        }
        y.append("]\n  prefix: ").append(q(c.prefix())).append('\n');
        c.tls().ifPresent(t -> {
            t.cacert().ifPresent(p -> y.append("  cacert: ").append(q(p.toString())).append('\n'));
            t.cert().ifPresent(p -> y.append("  cert: ").append(q(p.toString())).append('\n'));
            t.key().ifPresent(p -> y.append("  key: ").append(q(p.toString())).append('\n'));
        });
        // The password itself never goes into the file: only where the agent reads it from.
        c.user().ifPresent(u -> y.append("  user: ").append(q(u)).append('\n'));
        c.passwordFile().ifPresent(p -> y.append("  passwordFile: ").append(q(p.toAbsolutePath().toString()))
                .append('\n'));
        c.passwordEnv().ifPresent(e -> y.append("  passwordEnv: ").append(q(e)).append('\n'));
        y.append("discovery: { interval: 1s }\n");
        y.append("backends:\n");
        simBackend(y, "sim-small", 20, new Random(11));
        y.append("  - name: exports\n    driver: filesystem\n    paths: [").append(q(exportA.toString())).append(", ")
                .append(q(exportB.toString())).append("]\n");
        simBackend(y, "sim-large", 50, new Random(13));
        return y.toString();
    }

    private static void simBackend(StringBuilder y, String name, int pools, Random random) {
        y.append("  - name: ").append(name).append("\n    driver: sim\n    pools:\n");
        for (int i = 0; i < pools; i++) {
            long total = 500L + random.nextInt(8000);
            long free = total / 4 + random.nextInt((int) (total / 2));
            // JSON is YAML: the extras are the same synthetic LVM/Ceph shapes the other phases use.
            y.append("      - { name: ").append(name).append("-pool-").append(i).append(", totalCapacity: ")
                    .append(total).append(", freeCapacity: ").append(free).append(", extras: ")
                    .append(Json.encodeString(SyntheticWorkload.extras(random, random.nextInt(3) == 0))).append(" }\n");
        }
    }

    /** A YAML double-quoted scalar. */
    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * Returns once the agent's three loop keys exist. Woken by etcd (a watch on its loops prefix,
     * from the revision of the first count on, so no key is missed) or by the agent's exit.
     */
    private void awaitLoops(Client client, KeyLayout layout, String dockId, Process agent, Path stderr)
            throws AgentExited, EtcdUnavailableException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        java.util.concurrent.LinkedBlockingQueue<Object> wake = new java.util.concurrent.LinkedBlockingQueue<>();
        agent.onExit().thenRun(() -> wake.add(agent));
        io.etcd.jetcd.Watch.Watcher watch = null;
        try {
            while (true) {
                if (!agent.isAlive()) {
                    throw new AgentExited(agent.exitValue(), "agent RSS: the agent exited with code "
                            + agent.exitValue() + " before its loops reported; its stderr ends: " + tail(stderr));
                }
                io.etcd.jetcd.kv.GetResponse r = EtcdClients.await(client.getKVClient().get(
                        EtcdClients.bytes(layout.loopsPrefix(dockId)),
                        GetOption.builder().isPrefix(true).withCountOnly(true).build()), OP_TIMEOUT,
                        "agent RSS: read " + layout.loopsPrefix(dockId));
                if (r.getCount() >= 3) {
                    return;
                }
                if (watch == null) {
                    watch = client.getWatchClient().watch(EtcdClients.bytes(layout.loopsPrefix(dockId)),
                            io.etcd.jetcd.options.WatchOption.builder().isPrefix(true)
                                    .withRevision(r.getHeader().getRevision() + 1).build(),
                            io.etcd.jetcd.Watch.listener(wake::add, wake::add));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || wake.poll(left, TimeUnit.NANOSECONDS) == null && System.nanoTime() >= deadline) {
                    throw new IllegalStateException("agent RSS: the agent (pid " + agent.pid() + ") did not report"
                            + " its 3 loops within " + START_TIMEOUT.toSeconds() + " s (" + r.getCount() + " under "
                            + layout.loopsPrefix(dockId) + "); its stderr ends: " + tail(stderr));
                }
            }
        } finally {
            if (watch != null) {
                watch.close();
            }
        }
    }

    private Samples sample(Process agent, Duration duration, Path stderr) throws InterruptedException {
        Samples rss = new Samples();
        Path status = PROC.resolve(Long.toString(agent.pid())).resolve("status");
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (long next = start; next <= end; next += SAMPLE_EVERY.toNanos()) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            Optional<Long> kib = vmRssKib(status);
            if (kib.isEmpty() || !agent.isAlive()) {
                throw new IllegalStateException("agent RSS: the agent (pid " + agent.pid() + ") went away while being"
                        + " sampled; its stderr ends: " + tail(stderr));
            }
            rss.add(kib.get() / 1024.0);
        }
        return rss;
    }

    /** The VmRSS line of /proc/{pid}/status, in KiB. */
    static Optional<Long> vmRssKib(Path status) {
        try (Stream<String> lines = Files.lines(status, StandardCharsets.US_ASCII)) {
            return lines.filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> Long.parseLong(l.substring("VmRSS:".length()).replace("kB", "").trim()));
        } catch (IOException | java.io.UncheckedIOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** SIGTERM (a graceful stop, as an admin's), then SIGKILL after 10 s. */
    private void stop(Process agent) throws InterruptedException {
        if (agent == null || !agent.isAlive()) {
            return;
        }
        agent.destroy();
        if (!agent.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            progress.println("agent RSS: the agent (pid " + agent.pid() + ") did not stop within "
                    + STOP_TIMEOUT.toSeconds() + " s of SIGTERM; killing it");
            progress.flush();
            agent.destroyForcibly();
            agent.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void cleanUp(Client client, KeyLayout layout, Path dir) {
        try {
            EtcdClients.await(client.getKVClient().delete(EtcdClients.bytes(layout.root()),
                    DeleteOption.builder().isPrefix(true).build()), OP_TIMEOUT, "agent RSS: delete " + layout.root());
        } catch (EtcdUnavailableException e) {
            progress.println("agent RSS: could not delete " + layout.root() + ", delete it by hand: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            progress.println("agent RSS: interrupted while deleting " + layout.root() + "; delete it by hand");
        } finally {
            client.close();
            deleteTree(dir);
            progress.flush();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp directory
        }
    }

    /** The agent stopped before reporting: its exit code tells "etcd did not answer" (3) from a real failure. */
    private static final class AgentExited extends Exception {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        AgentExited(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    /** The last few lines of the agent's stderr (its warnings and errors if it wrote any), on one line. */
    static String tail(Path stderr) {
        try {
            List<String> all = Files.readAllLines(stderr, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).toList();
            List<String> notInfo = all.stream().filter(l -> !l.contains(" INFO ") && !l.contains(" DEBUG ")).toList();
            List<String> lines = notInfo.isEmpty() ? all : notInfo;
            if (lines.isEmpty()) {
                return "(nothing)";
            }
            String tail = String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()))
                    .replaceAll("\\s+", " ").trim();
            return tail.length() <= 800 ? tail : "…" + tail.substring(tail.length() - 800);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
