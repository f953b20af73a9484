package com.capreport.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway single-node Ceph 16 (Pacific) cluster for integration tests: one monitor, N memstore
 * OSDs and one mgr, run as child processes of the test JVM on 127.0.0.1 with free monitor ports and
 * everything (conf, keyrings, data, logs, admin sockets) in one temp directory. The recipe is
 * {@code shared/BACKENDS.md} "2. Ceph"; a 1-OSD cluster is ready in about 5 s (3 OSDs: 6 s) and
 * needs about 370 MiB of RAM, 300 of them the mgr's; a memstore OSD keeps its data in RAM (1 GiB at
 * most each).
 *
 * <p>{@link #close()} stops the OSDs, then the mgr, then the monitor (SIGTERM, SIGKILL after 5 s;
 * this order avoids each OSD waiting 5 s for a dead monitor), kills anything else still running
 * with this cluster's conf, and deletes the directory. A start that fails halfway cleans up the
 * same way, and a JVM shutdown hook does it when a test run is aborted. Daemons orphaned by a
 * JVM that was SIGKILLed are reaped by the next {@link #start}.
 *
 * <p>The harness never installs anything: {@link #unavailableReason()} says why Ceph cannot run
 * here so that tests can skip with that sentence ({@code scripts/test} installs the packages).
 */
public final class CephCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CephCluster.class);

    public static final String INSTALL_HINT = "apt-get install -y ceph-mon ceph-osd ceph-mgr ceph-common";
    /** The user {@link #user()} names: {@code mon 'allow r'}, all a read-only driver needs. */
    public static final String READ_ONLY_USER = "capreport";
    /** Health checks that a healthy test cluster may show; anything else is not "ready". */
    public static final Set<String> BENIGN_CHECKS = Set.of("POOL_NO_REDUNDANCY",
            "AUTH_INSECURE_GLOBAL_ID_RECLAIM", "AUTH_INSECURE_GLOBAL_ID_RECLAIM_ALLOWED");

    static final Duration START_DEADLINE = Duration.ofSeconds(120);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How much longer than its --connect-timeout a CLI call may take before it is killed. */
    private static final Duration PROCESS_SLACK = Duration.ofSeconds(20);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Duration POOL_READY = Duration.ofSeconds(60);
    private static final List<String> BINARIES = List.of("ceph", "ceph-mon", "ceph-osd", "ceph-mgr", "ceph-authtool",
            "monmaptool", "rados");
    private static final String DIR_PREFIX = "capreport-ceph-";
    private static final String MON_ID = "a";
    private static final String MGR_ID = "x";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Path conf;
    private final int osdCount;
    private final boolean cephx;
    private final int v2Port;
    private final int v1Port;
    private final Map<Integer, Process> osds = new LinkedHashMap<>();
    private final Thread shutdownHook;
    private Process mon;
    private Process mgr;
    private boolean closed;
    /** What {@link #ready()} saw last, for the message when readiness times out. */
    private volatile String lastSeen = "no answer to 'ceph status' yet";

    /** What a finished {@code ceph} call printed; {@code timedOut} when it was killed at its process timeout. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr, Duration took,
                         boolean timedOut) {
        public Result {
            command = List.copyOf(command);
        }

        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }
    }

    /** A {@code ceph}/{@code rados} call or a daemon step that failed; the message has the command and its stderr. */
    public static final class CephCommandException extends RuntimeException {
        private final transient Result result;

        CephCommandException(Result r) {
            super(String.join(" ", r.command()) + (r.timedOut() ? " timed out after " + r.took().toMillis() + " ms"
                    : " exited " + r.exitCode()) + ": " + r.stderr().strip());
            this.result = r;
        }

        public Result result() {
            return result;
        }
    }

    private CephCluster(Path dir, int osdCount, boolean cephx, int v2Port, int v1Port) {
        this.dir = dir;
        this.conf = dir.resolve("ceph.conf");
        this.osdCount = osdCount;
        this.cephx = cephx;
        this.v2Port = v2Port;
        this.v1Port = v1Port;
        this.shutdownHook = new Thread(this::close, "ceph-cluster-cleanup-" + dir.getFileName());
    }

    // ---------------------------------------------------------------- availability

    /** Why a Ceph cluster cannot be started here, or empty when it can. Checked once per JVM. */
    public static Optional<String> unavailableReason() {
        return Availability.REASON;
    }

    private static final class Availability {
        static final Optional<String> REASON = check();

        private static Optional<String> check() {
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
                return Optional.of("Ceph tests need Linux (os.name=" + System.getProperty("os.name") + ")");
            }
            long uid = uid();
            if (uid != 0) {
                return Optional.of("Ceph tests need root (the daemons are verified as root only); running as uid "
                        + uid);
            }
            List<String> missing = BINARIES.stream().filter(b -> which(b).isEmpty()).toList();
            if (!missing.isEmpty()) {
                return Optional.of("Ceph is not installed (missing " + String.join(", ", missing) + "); "
                        + INSTALL_HINT);
            }
            try {
                Result r = exec(List.of("ceph", "--version"), Duration.ofSeconds(15));
                if (!r.ok() || !r.stdout().startsWith("ceph version")) {
                    return Optional.of("'ceph --version' does not work: " + r.stdout().strip() + " "
                            + r.stderr().strip());
                }
            } catch (IOException e) {
                return Optional.of("cannot run 'ceph --version': " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted while checking 'ceph --version'");
            }
            return Optional.empty();
        }

        private static long uid() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("Uid:")) {
                        return Long.parseLong(line.substring(4).strip().split("\\s+")[1]); // effective uid
                    }
                }
            } catch (IOException | RuntimeException e) {
                log.debug("cannot read uid from /proc/self/status", e);
            }
            return -1;
        }

        private static Optional<Path> which(String name) {
            String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
            return Stream.concat(Stream.of(path.split(":")), Stream.of("/usr/bin", "/usr/sbin", "/bin", "/sbin"))
                    .filter(d -> !d.isEmpty())
                    .map(d -> Path.of(d, name))
                    .filter(Files::isExecutable)
                    .findFirst();
        }
    }

    // ---------------------------------------------------------------- start

    /**
     * Starts a cluster with {@code osds} memstore OSDs (1 GiB each) and waits until it is ready:
     * health OK (or only {@link #BENIGN_CHECKS}), the mgr available and all OSDs up, within
     * 120 s. On failure nothing is left running and the directory is gone.
     *
     * @param cephx {@code true} for cephx authentication, {@code false} for {@code auth none}
     */
    public static CephCluster start(int osds, boolean cephx) throws IOException, InterruptedException {
        return start(osds, cephx, START_DEADLINE);
    }

    /** {@link #start(int, boolean)} with another deadline: a short one makes a start fail halfway, for tests. */
    static CephCluster start(int osds, boolean cephx, Duration startDeadline) throws IOException, InterruptedException {
        if (osds < 1) {
            throw new IllegalArgumentException("a cluster needs at least one OSD, got " + osds);
        }
        unavailableReason().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        reapOrphans();
        int v2 = freePort();
        int v1 = freePort();
        while (v1 == v2) {
            v1 = freePort();
        }
        CephCluster c = new CephCluster(tempDir(), osds, cephx, v2, v1);
        Runtime.getRuntime().addShutdownHook(c.shutdownHook);
        long t0 = System.nanoTime();
        boolean started = false;
        try {
            c.boot(System.nanoTime() + startDeadline.toNanos());
            started = true;
        } catch (IOException | RuntimeException e) {
            throw new IOException("Ceph test cluster in " + c.dir + " did not start: " + e.getMessage() + c.logTails(),
                    e);
        } finally {
            if (!started) {
                c.close();
            }
        }
        log.info("Ceph test cluster with {} OSD(s), auth {}, mon ports {}/{} ready in {} ms ({})", osds,
                cephx ? "cephx" : "none", v2, v1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), c.dir);
        return c;
    }

    private static Path tempDir() throws IOException {
        // Admin sockets are Unix sockets (path < 108 bytes): keep the directory short.
        Path base = Path.of(System.getProperty("java.io.tmpdir", "/tmp"));
        if (base.toString().length() > 40 || !Files.isWritable(base)) {
            base = Path.of("/tmp");
        }
        return Files.createTempDirectory(base, DIR_PREFIX);
    }

    private void boot(long deadline) throws IOException, InterruptedException {
        for (String d : List.of("run", "log", "mon", "mgr/ceph-" + MGR_ID, "osd")) {
            Files.createDirectories(dir.resolve(d));
        }
        Files.writeString(dir.resolve("owner.pid"), Long.toString(ProcessHandle.current().pid()));
        String fsid = UUID.randomUUID().toString();
        Files.writeString(conf, confText(fsid));
        Path adminKeyring = dir.resolve("keyring");
        step(deadline, "ceph-authtool", "--create-keyring", adminKeyring.toString(), "--gen-key", "-n", "mon.",
                "--cap", "mon", "allow *");
        step(deadline, "ceph-authtool", adminKeyring.toString(), "--gen-key", "-n", "client.admin",
                "--cap", "mon", "allow *", "--cap", "osd", "allow *", "--cap", "mgr", "allow *", "--cap", "mds", "allow *");
        Path monmap = dir.resolve("monmap");
        step(deadline, "monmaptool", "--create", "--fsid", fsid, "--addv", MON_ID, monHost(), monmap.toString());
        step(deadline, "ceph-mon", "-c", conf.toString(), "--mkfs", "-i", MON_ID, "--monmap", monmap.toString(),
                "--keyring", adminKeyring.toString());
        mon = daemon("mon", MON_ID);
        awaitUntil(deadline, "the monitor to answer", () -> monAnswers(Duration.ofSeconds(2)));

        for (int i = 0; i < osdCount; i++) {
            String uuid = UUID.randomUUID().toString();
            int id = Integer.parseInt(cephWithin(deadline, "osd", "new", uuid).strip());
            Path data = dir.resolve("osd/ceph-" + id);
            Files.createDirectories(data);
            // The OSD's key must exist before --mkfs under cephx ("failed to fetch mon config" otherwise).
            cephWithin(deadline, "auth", "get-or-create", "osd." + id, "mon", "allow profile osd", "mgr",
                    "allow profile osd", "osd", "allow *", "-o", data.resolve("keyring").toString());
            step(deadline, "ceph-osd", "-c", conf.toString(), "-i", Integer.toString(id), "--mkfs", "--osd-uuid", uuid);
            osds.put(id, daemon("osd", Integer.toString(id)));
        }
        cephWithin(deadline, "auth", "get-or-create", "mgr." + MGR_ID, "mon", "allow profile mgr", "osd", "allow *",
                "mds", "allow *", "-o", dir.resolve("mgr/ceph-" + MGR_ID + "/keyring").toString());
        mgr = daemon("mgr", MGR_ID);
        cephWithin(deadline, "auth", "get-or-create", "client." + READ_ONLY_USER, "mon", "allow r",
                "-o", keyring().toString());
        awaitReady(deadline, "HEALTH_OK, the mgr available and " + osdCount + " OSD(s) up");
    }

    private void awaitReady(long deadline, String what) throws InterruptedException {
        try {
            awaitUntil(deadline, what, this::ready);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + " (last seen: " + lastSeen + ")", e);
        }
    }


    private String monHost() {
        return "[v2:127.0.0.1:" + v2Port + ",v1:127.0.0.1:" + v1Port + "]";
    }

    private String confText(String fsid) {
        String auth = cephx ? "cephx" : "none";
        String d = dir.toString();
        return String.join("\n",
                "[global]",
                "fsid = " + fsid,
                "mon host = " + monHost(),
                "mon initial members = " + MON_ID,
                "public addr = 127.0.0.1",
                "cluster addr = 127.0.0.1",
                "auth cluster required = " + auth,
                "auth service required = " + auth,
                "auth client required = " + auth,
                "run dir = " + d + "/run",
                "admin socket = " + d + "/run/$cluster-$name.asok",
                "pid file = " + d + "/run/$name.pid",
                "log file = " + d + "/log/$cluster-$name.log",
                "keyring = " + d + "/keyring",
                "osd pool default size = 1",
                "osd pool default min size = 1",
                "osd pool default pg autoscale mode = off",
                // one host: keep copies on different OSDs, not hosts
                "osd crush chooseleaf type = 0",
                "mon allow pool size one = true",
                "mon allow pool delete = true",
                "mon warn on pool no redundancy = false",
                "mon warn on insecure global id reclaim allowed = false",
                // MON_DISK_LOW fires below 30 % free on the filesystem of the temp dir, which says
                // nothing about the cluster under test (build hosts are often fuller than that)
                "mon data avail warn = 1",
                "mon data avail crit = 0",
                // pool stats reach "ceph df" after one period: 1 s instead of 5 s
                "mgr stats period = 1",
                "[mon]",
                "mon data = " + d + "/mon/$cluster-$id",
                "keyring = $mon_data/keyring",
                "[mgr]",
                "mgr data = " + d + "/mgr/$cluster-$id",
                "keyring = $mgr_data/keyring",
                "[osd]",
                "osd data = " + d + "/osd/$cluster-$id",
                "keyring = $osd_data/keyring",
                "osd objectstore = memstore",
                "memstore device bytes = 1073741824",
                "");
    }

    /** A daemon in the foreground (-f) as our child: we hold its Process, the JVM reaps it. */
    private Process daemon(String type, String id) throws IOException {
        File out = dir.resolve("log/" + type + "." + id + ".out").toFile();
        ProcessBuilder pb = new ProcessBuilder("ceph-" + type, "-f", "-c", conf.toString(), "-i", id)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        cleanEnv(pb);
        return pb.start();
    }

    private boolean ready() {
        for (Map.Entry<String, Process> p : processes().entrySet()) {
            if (!p.getValue().isAlive()) {
                throw new IllegalStateException(p.getKey() + " exited with " + p.getValue().exitValue());
            }
        }
        Optional<JsonNode> s = status();
        if (s.isEmpty()) {
            return false;
        }
        JsonNode st = s.get();
        List<String> checks = new ArrayList<>();
        st.path("health").path("checks").fieldNames().forEachRemaining(checks::add);
        String health = st.path("health").path("status").asText();
        lastSeen = health + " " + checks + ", mgr available " + st.path("mgrmap").path("available").asBoolean(false)
                + ", " + st.path("osdmap").path("num_up_osds").asInt(-1) + "/" + osdsRunning() + " OSDs up";
        boolean healthy = health.equals("HEALTH_OK")
                || health.equals("HEALTH_WARN") && BENIGN_CHECKS.containsAll(checks);
        return healthy && st.path("mgrmap").path("available").asBoolean(false)
                && st.path("osdmap").path("num_up_osds").asInt(-1) == osdsRunning();
    }

    private int osdsRunning() {
        return (int) osds.values().stream().filter(p -> p != null && p.isAlive()).count();
    }

    private Optional<JsonNode> status() {
        try {
            Result r = run(Duration.ofSeconds(3), "status", "-f", "json");
            return r.ok() ? Optional.of(JSON.readTree(r.stdout())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private boolean monAnswers(Duration connectTimeout) {
        if (mon == null || !mon.isAlive()) {
            throw new IllegalStateException("ceph-mon exited with " + (mon == null ? "?" : mon.exitValue()));
        }
        return run(connectTimeout, "health", "-f", "json").ok();
    }

    // ---------------------------------------------------------------- accessors

    /** The cluster's {@code ceph.conf}: {@code ceph -c conf()} reaches it (as client.admin with its default keyring). */
    public Path conf() {
        return conf;
    }

    /** The cluster's temp directory (deleted by {@link #close()}). */
    public Path dir() {
        return dir;
    }

    /**
     * A read-only client ({@code mon 'allow r'}) for {@code --id user() --keyring keyring()}: enough for
     * {@code df}, {@code osd dump}, {@code osd crush rule dump}, {@code health} and {@code status}.
     * It exists with or without cephx; under {@code auth none} the key is not checked and its caps are not
     * enforced (it can create pools), so test refusals with {@code start(n, true)}.
     */
    public String user() {
        return READ_ONLY_USER;
    }

    /** The keyring of {@link #user()}. */
    public Path keyring() {
        return dir.resolve("client." + READ_ONLY_USER + ".keyring");
    }

    public boolean cephx() {
        return cephx;
    }

    public int osdCount() {
        return osdCount;
    }

    /** The monitor's msgr2 and legacy ports. */
    public List<Integer> monPorts() {
        return List.of(v2Port, v1Port);
    }

    // ---------------------------------------------------------------- commands

    /**
     * Runs {@code ceph -c conf() --connect-timeout 10 args…} as client.admin and returns its stdout
     * (pass {@code "-f", "json"} yourself).
     *
     * @throws CephCommandException on a non-zero exit or when it is still running 30 s later
     */
    public String ceph(String... args) {
        Result r = run(CONNECT_TIMEOUT, args);
        if (!r.ok()) {
            throw new CephCommandException(r);
        }
        return r.stdout();
    }

    /**
     * Runs {@code ceph -c conf() --connect-timeout <connectTimeout> args…} and returns what happened,
     * also on failure; the process is killed 20 s after the connect timeout.
     */
    public Result run(Duration connectTimeout, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ceph", "-c", conf.toString(), "--connect-timeout",
                Long.toString(Math.max(1, connectTimeout.toSeconds()))));
        cmd.addAll(List.of(args));
        try {
            return exec(cmd, connectTimeout.plus(PROCESS_SLACK));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", cmd), e);
        }
    }

    /** Runs {@code ceph args…} with a connect timeout no longer than what is left of the start deadline. */
    private String cephWithin(long deadline, String... args) {
        long leftSeconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()));
        Result r = run(Duration.ofSeconds(Math.min(CONNECT_TIMEOUT.toSeconds(), leftSeconds)), args);
        if (!r.ok()) {
            throw new CephCommandException(r);
        }
        return r.stdout();
    }

    private void step(long deadline, String... cmd) throws IOException, InterruptedException {
        Duration left = Duration.ofNanos(Math.max(1_000_000_000L, deadline - System.nanoTime()));
        Result r = exec(List.of(cmd), left);
        if (!r.ok()) {
            throw new CephCommandException(r);
        }
    }

    /** A replicated pool of {@code pgs} PGs (size 1, min_size 1, failure domain osd); returns once its PGs are active+clean. */
    public void createReplicatedPool(String name, int pgs) {
        ceph("osd", "pool", "create", name, Integer.toString(pgs), Integer.toString(pgs), "replicated");
        awaitPoolActiveClean(name);
    }

    /**
     * An erasure-coded pool of 8 PGs with a new profile {@code k}+{@code m}, failure domain osd
     * (needs {@code k + m} OSDs); returns once its PGs are active+clean. Memstore cannot take
     * {@code allow_ec_overwrites}, so RBD images cannot put their data here.
     */
    public void createErasurePool(String name, String profile, int k, int m) {
        if (k < 1 || m < 1) {
            throw new IllegalArgumentException("k and m must be at least 1, got k=" + k + " m=" + m);
        }
        if (k + m > osdCount) {
            throw new IllegalArgumentException("an erasure-coded pool k=" + k + " m=" + m + " needs " + (k + m)
                    + " OSDs (failure domain osd); this cluster has " + osdCount);
        }
        ceph("osd", "erasure-code-profile", "set", profile, "k=" + k, "m=" + m, "crush-failure-domain=osd");
        ceph("osd", "pool", "create", name, "8", "8", "erasure", profile);
        awaitPoolActiveClean(name);
    }

    /** Tags a pool (rbd, cephfs, rgw or any name); without a tag a pool holding objects turns health into POOL_APP_NOT_ENABLED. */
    public void enableApplication(String pool, String application) {
        ceph("osd", "pool", "application", "enable", pool, application, "--yes-i-really-mean-it");
    }

    /** {@code compression_mode}: none, passive, aggressive or force. */
    public void setCompression(String pool, String mode) {
        ceph("osd", "pool", "set", pool, "compression_mode", mode);
    }

    /** {@code max_bytes} quota; 0 removes it. */
    public void setQuota(String pool, long bytes) {
        ceph("osd", "pool", "set-quota", pool, "max_bytes", Long.toString(bytes));
    }

    /** Writes an object of {@code bytes} random bytes with {@code rados put}; {@code ceph df} shows it about 1 s later. */
    public void writeObject(String pool, String object, int bytes) throws IOException, InterruptedException {
        byte[] data = new byte[bytes];
        new Random(object.hashCode()).nextBytes(data);
        Path tmp = Files.createTempFile(dir, "object-", ".bin");
        try {
            Files.write(tmp, data);
            Result r = exec(List.of("rados", "-c", conf.toString(), "--client-mount-timeout", "10", "-p", pool, "put", object,
                    tmp.toString()), Duration.ofSeconds(60));
            if (!r.ok()) {
                throw new CephCommandException(r);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void awaitPoolActiveClean(String pool) {
        long deadline = System.nanoTime() + POOL_READY.toNanos();
        try {
            awaitUntil(deadline, "pool " + pool + " active+clean", () -> poolActiveClean(pool));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for pool " + pool, e);
        }
    }

    private boolean poolActiveClean(String pool) {
        Result r = run(Duration.ofSeconds(5), "pg", "ls-by-pool", pool, "-f", "json");
        if (!r.ok()) {
            return false;
        }
        try {
            JsonNode root = JSON.readTree(r.stdout());
            JsonNode pgs = root.isArray() ? root : root.path("pg_stats");
            if (!pgs.isArray() || pgs.isEmpty()) {
                return false;
            }
            for (JsonNode pg : pgs) {
                if (!pg.path("state").asText().equals("active+clean")) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- failures on purpose

    /** Stops the monitor (SIGTERM, SIGKILL after 5 s); its data stays for {@link #startMon()}. */
    public synchronized void stopMon() throws InterruptedException {
        stop(List.of(mon));
        mon = null;
    }

    /** Starts the monitor again on the same ports and data and returns once it answers (within 30 s). */
    public synchronized void startMon() throws IOException, InterruptedException {
        if (mon != null && mon.isAlive()) {
            return;
        }
        mon = daemon("mon", MON_ID);
        awaitUntil(System.nanoTime() + TimeUnit.SECONDS.toNanos(30), "the monitor to answer again",
                () -> monAnswers(Duration.ofSeconds(2)));
    }

    /** Stops one OSD (SIGTERM); the monitor reports OSD_DOWN a few seconds later. */
    public synchronized void stopOsd(int id) throws InterruptedException {
        Process p = osds.get(id);
        if (p == null) {
            throw new IllegalArgumentException("no osd." + id + " in this cluster (" + osds.keySet() + ")");
        }
        stop(List.of(p));
    }

    /** Starts a stopped OSD again and returns once all OSDs are up and health is OK again (within 60 s). */
    public synchronized void startOsd(int id) throws IOException, InterruptedException {
        Process p = osds.get(id);
        if (p == null) {
            throw new IllegalArgumentException("no osd." + id + " in this cluster (" + osds.keySet() + ")");
        }
        if (!p.isAlive()) {
            osds.put(id, daemon("osd", Integer.toString(id)));
        }
        awaitReady(System.nanoTime() + TimeUnit.SECONDS.toNanos(60), "osd." + id + " up and health OK");
    }

    // ---------------------------------------------------------------- stop

    /**
     * Stops every daemon (OSDs, then mgr, then monitor), kills whatever else still runs with this
     * cluster's conf, and deletes the directory. Idempotent; also run by a shutdown hook.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long t0 = System.nanoTime();
        try {
            stop(new ArrayList<>(osds.values()));
            stop(List.of(mgr));
            stop(List.of(mon));
            killStragglers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // still try not to leak: no grace any more
            processes().values().forEach(Process::destroyForcibly);
            daemonPids().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
        com.capreport.agent.etcd.ManagedEtcd.deleteTree(dir);
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting; the hook runs close(), which is now a no-op
            }
        }
        log.info("Ceph test cluster stopped and removed in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /** SIGTERM to all at once, then SIGKILL to those still running after {@link #STOP_GRACE}. */
    private static void stop(List<Process> group) throws InterruptedException {
        List<Process> ps = group.stream().filter(p -> p != null && p.isAlive()).toList();
        ps.forEach(Process::destroy);
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (Process p : ps) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !p.waitFor(left, TimeUnit.NANOSECONDS)) {
                p.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Anything still running with our conf: a daemon from a pid file we do not hold, a stuck CLI call. */
    private void killStragglers() throws InterruptedException {
        List<Long> pids = daemonPids();
        if (pids.isEmpty()) {
            return;
        }
        log.warn("killing leftover processes of {}: {}", dir, pids);
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        while (!daemonPids().isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /**
     * Live processes (not zombies) whose command line mentions this cluster's directory: after
     * {@link #close()} this is empty.
     */
    public List<Long> daemonPids() {
        return processesMentioning(dir.toString());
    }

    /** Every test cluster directory under /tmp and the temp dir, whoever started it. */
    static List<Path> clusterDirs() {
        List<Path> out = new ArrayList<>();
        for (Path base : Stream.of(Path.of(System.getProperty("java.io.tmpdir", "/tmp")), Path.of("/tmp")).distinct()
                .toList()) {
            try (Stream<Path> dirs = Files.list(base)) {
                dirs.filter(d -> d.getFileName().toString().startsWith(DIR_PREFIX)).forEach(out::add);
            } catch (IOException e) {
                log.debug("cannot list {}", base, e);
            }
        }
        return out;
    }

    /** Live processes whose command line mentions a test cluster directory, whoever started them. */
    static List<Long> allClusterPids() {
        return processesMentioning("/" + DIR_PREFIX);
    }

    private static List<Long> processesMentioning(String text) {
        List<Long> out = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
                long pid = Long.parseLong(p.getFileName().toString());
                if (pid == self) {
                    continue;
                }
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    if (cmdline.contains(text) && !isZombie(p)) {
                        out.add(pid);
                    }
                } catch (IOException gone) {
                    // exited while we looked
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** State Z: dead, waiting for a parent (pid 1 here reaps lazily) to collect it; counts as gone. */
    private static boolean isZombie(Path proc) throws IOException {
        String stat = Files.readString(proc.resolve("stat"));
        int close = stat.lastIndexOf(')');
        return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
    }

    /** Clusters left by a JVM that died without its shutdown hook (SIGKILL): kill their daemons, remove their dirs. */
    private static void reapOrphans() {
        for (Path d : clusterDirs()) {
            try {
                Path owner = d.resolve("owner.pid");
                if (!Files.exists(owner)) {
                    continue; // being created right now, or not ours
                }
                long pid = Long.parseLong(Files.readString(owner).strip());
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                List<Long> leaked = processesMentioning(d.toString());
                log.warn("removing Ceph test cluster {} left by dead JVM {} (killing {})", d, pid, leaked);
                leaked.forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
                com.capreport.agent.etcd.ManagedEtcd.deleteTree(d);
            } catch (IOException | RuntimeException e) {
                log.debug("cannot check {} for an orphaned Ceph test cluster", d, e);
            }
        }
    }

    // ---------------------------------------------------------------- plumbing

    private Map<String, Process> processes() {
        Map<String, Process> all = new LinkedHashMap<>();
        if (mon != null) {
            all.put("ceph-mon", mon);
        }
        osds.forEach((id, p) -> all.put("ceph-osd." + id, p));
        if (mgr != null) {
            all.put("ceph-mgr", mgr);
        }
        return all;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    /** Polls {@code condition} every 200 ms until it holds; fails at {@code deadline} (System.nanoTime). */
    private static void awaitUntil(long deadline, String what, BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    private static void cleanEnv(ProcessBuilder pb) {
        Map<String, String> env = pb.environment();
        env.put("LC_ALL", "C");
        env.put("LANG", "C");
        // a developer's CEPH_ARGS/CEPH_CONF would point our CLI calls at another cluster
        env.keySet().removeIf(k -> k.startsWith("CEPH_"));
    }

    /** Runs a short-lived command; kills it and its descendants at {@code timeout}. */
    private static Result exec(List<String> cmd, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        cleanEnv(pb);
        long t0 = System.nanoTime();
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread o = drain(p.getInputStream(), out, cmd.get(0) + "-stdout");
        Thread e = drain(p.getErrorStream(), err, cmd.get(0) + "-stderr");
        boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
        o.join(STOP_GRACE.toMillis());
        e.join(STOP_GRACE.toMillis());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        return new Result(cmd, finished ? p.exitValue() : -1, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8), took, !finished);
    }

    private static Thread drain(InputStream in, ByteArrayOutputStream to, String name) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(to);
            } catch (IOException ignored) {
                // the process was killed; what we have is what it said
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The last lines of each daemon's log, for a start failure's message. */
    private String logTails() {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> logs = Files.list(dir.resolve("log"))) {
            for (Path f : logs.sorted().toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.ISO_8859_1);
                if (lines.isEmpty()) {
                    continue;
                }
                sb.append("\n--- ").append(f.getFileName()).append(" (last lines)\n")
                        .append(lines.subList(Math.max(0, lines.size() - 5), lines.size()).stream()
                                .collect(Collectors.joining("\n")));
            }
        } catch (IOException | RuntimeException e) {
            return "";
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "CephCluster[" + dir + ", " + osdCount + " OSD(s), auth " + (cephx ? "cephx" : "none") + ", mon "
                + v2Port + "/" + v1Port + "]";
    }
}
