package com.capreport.agent.etcd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private single-member etcd server run as a child process on loopback: free ports, its own data
 * directory, stopped (and its data removed) on {@link #close()}. Used by {@code capreport demo} and
 * by the tests; it can also be stopped and started again on the same ports and data to simulate
 * an outage.
 */
public final class ManagedEtcd implements AutoCloseable {
    public static final String INSTALL_HINT = "install it with: apt-get install -y etcd-server "
            + "(or set CAPREPORT_ETCD_BINARY / -Detcd.binary to an etcd ≥ 3.4 binary)";

    private final Path binary;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final int clientPort;
    private final int peerPort;
    private final Optional<ServerTls> tls;
    private final Path logFile;
    private final List<String> extraFlags;
    private Process process;

    /**
     * Compaction the managed etcd always runs with: keep one minute of history, compacting every
     * 6 s (periodic mode checks every tenth of the retention). Periodic rather than revision mode
     * because it bounds the history by time whatever the write rate: etcd 3.4's revision mode only
     * compacts every 5 minutes, so a busy estate (the bench: thousands of writes a second) would keep
     * 5 minutes of writes anyway. No reader here needs older revisions: the dashboard's watch
     * resumes within seconds or reloads after an outage, and the CLI reads the current revision.
     */
    public static final String COMPACTION_RETENTION = "1m";
    public static final List<String> COMPACTION_FLAGS = List.of("--auto-compaction-mode=periodic",
            "--auto-compaction-retention=" + COMPACTION_RETENTION);
    /** Turns auto-compaction off again (for {@code bench --no-compaction}): later flags win. */
    public static final List<String> NO_COMPACTION = List.of("--auto-compaction-retention=0");

    /** Server TLS: its certificate and key, and the CA that client certificates must chain to. */
    public record ServerTls(Path cert, Path key, Path trustedCa, boolean clientCertAuth) {
    }

    private ManagedEtcd(Path binary, Path dataDir, boolean ownsDataDir, Optional<ServerTls> tls, List<String> extraFlags)
            throws IOException {
        this.extraFlags = List.copyOf(extraFlags);
        this.binary = binary;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.clientPort = freePort();
        int peer = freePort();
        while (peer == clientPort) {
            peer = freePort();
        }
        this.peerPort = peer;
        this.tls = tls;
        this.logFile = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    }

    /** Starts an etcd in a fresh temporary data directory. */
    public static ManagedEtcd start() throws IOException, InterruptedException {
        return start(Optional.empty());
    }

    public static ManagedEtcd start(Optional<ServerTls> tls) throws IOException, InterruptedException {
        return start(tls, List.of());
    }

    /**
     * Starts an etcd with {@code extraFlags} after the defaults (etcd takes the last value of a flag
     * given twice), e.g. {@code --quota-backend-bytes=16777216} for a test that fills it up.
     */
    public static ManagedEtcd start(List<String> extraFlags) throws IOException, InterruptedException {
        return start(Optional.empty(), extraFlags);
    }

    public static ManagedEtcd start(Optional<ServerTls> tls, List<String> extraFlags) throws IOException,
            InterruptedException {
        Path binary = findBinary().orElseThrow(() -> new IOException("etcd is not installed; " + INSTALL_HINT));
        Path dir = Files.createTempDirectory("capreport-etcd-");
        ManagedEtcd e = new ManagedEtcd(binary, dir, true, tls, extraFlags);
        e.launch();
        return e;
    }

    /** The etcd binary: CAPREPORT_ETCD_BINARY, the etcd.binary property, then PATH, then /usr/bin/etcd. */
    public static Optional<Path> findBinary() {
        for (String configured : new String[] {System.getenv("CAPREPORT_ETCD_BINARY"), System.getProperty("etcd.binary")}) {
            if (configured != null && !configured.isBlank() && configured.contains("/")) {
                Path p = Path.of(configured);
                return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
            }
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        List<String> dirs = new ArrayList<>(List.of(path.split(":")));
        dirs.add("/usr/bin");
        dirs.add("/usr/local/bin");
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, "etcd");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private String scheme() {
        return tls.isPresent() ? "https" : "http";
    }

    /** The client URL, e.g. {@code http://127.0.0.1:41234}. */
    public String endpoint() {
        return scheme() + "://127.0.0.1:" + clientPort;
    }

    public int clientPort() {
        return clientPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    private synchronized void launch() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(),
                "--name", "capreport",
                "--data-dir", dataDir.toString(),
                "--listen-client-urls", endpoint(),
                "--advertise-client-urls", endpoint(),
                "--listen-peer-urls", "http://127.0.0.1:" + peerPort,
                "--initial-advertise-peer-urls", "http://127.0.0.1:" + peerPort,
                "--initial-cluster", "capreport=http://127.0.0.1:" + peerPort,
                "--logger", "zap", "--log-outputs", "stderr"));
        cmd.addAll(COMPACTION_FLAGS);
        if (tls.isPresent()) {
            ServerTls t = tls.get();
            cmd.addAll(List.of("--cert-file", t.cert().toString(), "--key-file", t.key().toString(),
                    "--trusted-ca-file", t.trustedCa().toString()));
            if (t.clientCertAuth()) {
                cmd.add("--client-cert-auth");
            }
        }
        cmd.addAll(extraFlags);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("etcd exited with " + process.exitValue() + " at start: " + logTail());
            }
            if (ready()) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        kill();
        throw new IOException("etcd did not become ready within 20 s: " + logTail());
    }

    private boolean ready() throws IOException {
        String log = Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
        int lastStart = log.lastIndexOf("starting an etcd server");
        if (log.indexOf("serving client traffic", Math.max(0, lastStart)) < 0) {
            return false;
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", clientPort), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** SIGTERM, then SIGKILL after 5 s; the data stays, {@link #restart()} brings it back. */
    public synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        process = null;
    }

    /** SIGSTOP / SIGCONT: a server that hangs (its leases keep their deadlines in wall-clock time). */
    public synchronized void pause(boolean paused) throws IOException, InterruptedException {
        if (process == null) {
            return;
        }
        Process kill = new ProcessBuilder("kill", paused ? "-STOP" : "-CONT", Long.toString(process.pid()))
                .redirectErrorStream(true).start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill " + (paused ? "-STOP" : "-CONT") + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL, like a crashed server. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Starts again on the same ports and data directory. */
    public synchronized void restart() throws IOException, InterruptedException {
        if (isRunning()) {
            return;
        }
        launch();
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsDataDir) {
            deleteTree(dataDir);
            try {
                Files.deleteIfExists(logFile);
            } catch (IOException ignored) {
                // a temp file; leaving it is harmless
            }
        }
    }

    /** Deletes a directory tree, best effort (temp data of etcd, test clusters). */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort on a temp dir
                }
            });
        } catch (IOException ignored) {
            // best effort on a temp dir
        }
    }
}
