package com.capreport.agent.cli;

import com.capreport.agent.bench.AgentRssPhase;
import com.capreport.agent.bench.BenchReport;
import com.capreport.agent.bench.Figure;
import com.capreport.agent.bench.IngestPhase;
import com.capreport.agent.bench.LoadBench;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.EtcdUnavailableException;
import com.capreport.agent.etcd.ManagedEtcd;
import com.capreport.model.Durations;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code capreport bench}: the scale evidence. Simulated docks run the real agent code against a
 * real etcd (a private one unless {@code --etcd}), the dashboard's model watches, and the figures
 * come out as a table (or JSON). See docs/performance.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load benchmark: N simulated docks (real agent code, sim backends) against a real etcd, the "
            + "dashboard's data model watching. Prints writes per cycle and per second (diff writes and the naive "
            + "rewrite-everything mode), change → model latency next to the raw etcd put → watch floor, time to "
            + "show crashed docks and hung loops dead, model ingest time and heap, profile matching, and one real "
            + "agent's RSS.",
            "Starts a private etcd on loopback unless --etcd is given; then it writes only under its own prefix "
            + "(default /capreport-bench/<time>), refuses a prefix that holds keys, and deletes what it wrote."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--docks", paramLabel = "N", description = "simulated docks (default: ${DEFAULT-VALUE})")
    int docks = 1000;

    @Option(names = "--pools-per-dock", paramLabel = "M", description = "pools per dock (default: ${DEFAULT-VALUE})")
    int poolsPerDock = 10;

    @Option(names = "--interval", paramLabel = "DURATION", description = "discovery interval of every dock (default: ${DEFAULT-VALUE})")
    String interval = "10s";

    @Option(names = "--change-rate", paramLabel = "R", description = "backend changes per second across the estate, "
            + "half capacity, half capability (default: ${DEFAULT-VALUE})")
    double changeRate = 20;

    @Option(names = "--duration", paramLabel = "DURATION", description = "length of each measured window (default: ${DEFAULT-VALUE})")
    String duration = "60s";

    @Option(names = "--lease-ttl", paramLabel = "DURATION", description = "the docks' lease TTL, whole seconds ≥ 2 (default: ${DEFAULT-VALUE})")
    String leaseTtl = "10s";

    @Option(names = "--kill", paramLabel = "K", description = "docks crashed, docks revoked and loops hung in the "
            + "liveness test, each (default: ${DEFAULT-VALUE}; 0 skips it)")
    int kill = 10;

    @Option(names = "--naive", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "also measure the naive mode (every pool rewritten every cycle) in the same run (default: on; --no-naive skips it)")
    boolean naive = true;

    @Option(names = "--ingest", paramLabel = "SIZES", split = ",", description = "pool counts for the model ingest "
            + "and matching figures, comma-separated (default: 10000,100000; 0 skips them)")
    List<Integer> ingest = List.of(10_000, 100_000);

    @Option(names = "--profiles", paramLabel = "P", description = "service profiles matched against the ingested pools "
            + "(default: ${DEFAULT-VALUE})")
    int profiles = 100;

    @Option(names = "--rss", paramLabel = "DURATION", description = "how long to sample the RSS of one real agent "
            + "process with 3 backends (default: ${DEFAULT-VALUE}; 0 skips it)")
    String rss = "20s";

    @Option(names = "--db-window", paramLabel = "DURATION", description = "how long to measure etcd's db growth "
            + "under the steady workload (default: ${DEFAULT-VALUE}; 0 skips it)")
    String dbWindow = "3m";

    @Option(names = "--compaction", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "the private etcd compacts its history every minute, as a production etcd should "
                    + "(default: on; --no-compaction measures the growth without it; ignored with --etcd)")
    boolean compaction = true;

    @Option(names = "--json", description = "print the figures as JSON instead of a table")
    boolean json;

    @Mixin
    EtcdOptions etcd;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LoadBench.Options options = options();
        List<Integer> sizes = ingestSizes();
        Duration rssFor = rss.strip().equals("0") ? Duration.ZERO : duration(rss, "--rss");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = spec.commandLine().getErr();
        ManagedEtcd managed = null;
        EtcdConnection base;
        if (etcd.endpointsGiven()) {
            base = etcd.connection();
        } else {
            if (ManagedEtcd.findBinary().isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "etcd is not installed; " + ManagedEtcd.INSTALL_HINT
                        + " (or point --etcd at one)");
            }
            try {
                managed = ManagedEtcd.start(compaction ? List.of() : ManagedEtcd.NO_COMPACTION);
            } catch (IOException e) {
                throw new CliException(ExitCodes.PROBLEM, "cannot start a private etcd: " + e.getMessage());
            }
            progress.printf("bench: private etcd at %s (data %s)%n", managed.endpoint(), managed.dataDir());
            base = EtcdConnection.plain(List.of(managed.endpoint()), "/capreport-bench");
        }
        String prefix = etcd.prefix != null ? base.prefix()
                : "/capreport-bench/" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC)
                .format(Instant.now());
        EtcdConnection conn = new EtcdConnection(base.endpoints(), prefix, base.tls(), base.user(), base.passwordFile(),
                base.passwordEnv());
        try {
            String version = checkEmpty(conn);
            List<Figure> figures;
            try {
                figures = new ArrayList<>(new LoadBench(conn, options, progress).run());
                for (int n : sizes) {
                    figures.addAll(phase("ingest", "model ingest and matching of " + n + " pools",
                            () -> new IngestPhase(conn, progress).run(n, profiles), progress));
                }
                if (!rssFor.isZero()) {
                    figures.addAll(phase("footprint", "agent RSS, 3 backends",
                            () -> new AgentRssPhase(conn, progress).run(rssFor), progress));
                }
            } finally {
                sweep(conn, progress);
            }
            BenchReport report = new BenchReport(BenchReport.describeMachine(version), describe(options, conn), figures);
            out.print(json ? report.json() : report.table());
            out.flush();
            return ExitCodes.OK;
        } finally {
            if (managed != null) {
                managed.close();
            }
        }
    }

    /** The prefix was empty when the bench began: whatever is under it now is the bench's, and goes. */
    private void sweep(EtcdConnection c, PrintWriter progress) throws InterruptedException {
        try (Client client = etcd.client(c)) {
            EtcdClients.await(client.getKVClient().delete(EtcdClients.bytes(c.layout().root()),
                    io.etcd.jetcd.options.DeleteOption.builder().isPrefix(true).build()), Duration.ofSeconds(30),
                    "delete " + c.prefix());
        } catch (EtcdUnavailableException e) {
            progress.println("bench: could not delete " + c.prefix() + " (delete it by hand): " + e.getMessage());
        }
    }

    /** A phase whose failure becomes one row saying why, so the figures already taken are still printed. */
    private static List<Figure> phase(String section, String what, Callable<List<Figure>> run, PrintWriter progress)
            throws InterruptedException {
        try {
            return run.call();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            String why = EtcdClients.oneLine(e);
            progress.println("bench: " + what + " failed: " + why);
            return List.of(Figure.single(section, what, "", Double.NaN, "failed: " + why));
        }
    }

    private List<Integer> ingestSizes() {
        if (ingest.size() == 1 && ingest.get(0) == 0) {
            return List.of();
        }
        for (int n : ingest) {
            if (n < 10 || n > 1_000_000) {
                throw new CliException(ExitCodes.USAGE, "--ingest: " + n + " is out of range (10 to 1000000 pools; 0 alone skips)");
            }
        }
        if (profiles < 1 || profiles > 1000) {
            throw new CliException(ExitCodes.USAGE, "--profiles: " + profiles + " is out of range (1 to 1000)");
        }
        return ingest;
    }

    /** The etcd server's version; refuses a prefix that already holds keys (the bench deletes its prefix). */
    private String checkEmpty(EtcdConnection c) throws InterruptedException {
        try (Client client = etcd.client(c)) {
            long n = EtcdClients.await(client.getKVClient().get(EtcdClients.bytes(c.layout().root()),
                    GetOption.builder().isPrefix(true).withCountOnly(true).build()), Duration.ofSeconds(10),
                    "read " + c.prefix()).getCount();
            if (n > 0) {
                throw new CliException(ExitCodes.USAGE, "prefix " + c.prefix() + " holds " + n + " key(s); the bench "
                        + "writes and then deletes everything under its prefix: give an unused --prefix");
            }
            return EtcdClients.await(client.getMaintenanceClient().statusMember(c.endpoints().get(0)),
                    Duration.ofSeconds(10), "etcd status").getVersion();
        } catch (EtcdUnavailableException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "etcd at " + String.join(",", c.endpoints()) + ": "
                    + e.getMessage());
        }
    }

    private LoadBench.Options options() {
        if (docks < 1 || docks > 100_000) {
            throw new CliException(ExitCodes.USAGE, "--docks: " + docks + " is out of range (1 to 100000)");
        }
        if (poolsPerDock < 1 || poolsPerDock > 1000) {
            throw new CliException(ExitCodes.USAGE, "--pools-per-dock: " + poolsPerDock + " is out of range (1 to 1000)");
        }
        if (!(changeRate >= 0) || changeRate > 100_000) {
            throw new CliException(ExitCodes.USAGE, "--change-rate: " + changeRate + " is out of range (0 to 100000 per second)");
        }
        if (kill < 0) {
            throw new CliException(ExitCodes.USAGE, "--kill: must be 0 or more");
        }
        Duration ttl = duration(leaseTtl, "--lease-ttl");
        if (ttl.toMillis() % 1000 != 0 || ttl.toSeconds() < 2) {
            throw new CliException(ExitCodes.USAGE, "--lease-ttl: " + leaseTtl + " must be whole seconds, at least 2s");
        }
        Duration db = dbWindow.strip().equals("0") ? Duration.ZERO : duration(dbWindow, "--db-window");
        String compactionWords = etcd.endpointsGiven() ? "the cluster's own (--etcd given)"
                : compaction ? "periodic, " + ManagedEtcd.COMPACTION_RETENTION : "off (--no-compaction)";
        return new LoadBench.Options(docks, poolsPerDock, duration(interval, "--interval"), changeRate,
                duration(duration, "--duration"), ttl, kill, naive, db, compactionWords);
    }

    private static Duration duration(String text, String option) {
        return DurationOption.parse(text, option, Duration.ofMillis(1), Duration.ofDays(7));
    }

    private Map<String, String> describe(LoadBench.Options o, EtcdConnection c) {
        String ingestText = ingestSizes().isEmpty() ? "none" : String.join(",", ingest.stream().map(String::valueOf).toList());
        int profilesCount = profiles;
        String rssText = rss;
        Map<String, String> m = new LinkedHashMap<>();
        m.put("docks", String.valueOf(o.docks()));
        m.put("poolsPerDock", String.valueOf(o.poolsPerDock()));
        m.put("interval", Durations.format(o.interval()));
        m.put("changeRate", String.format(Locale.ROOT, "%s/s", o.changeRate()));
        m.put("duration", Durations.format(o.duration()));
        m.put("leaseTtl", Durations.format(o.leaseTtl()));
        m.put("kill", String.valueOf(o.kill()));
        m.put("naive", String.valueOf(o.naive()));
        m.put("dbWindow", o.dbWindow().isZero() ? "0" : Durations.format(o.dbWindow()));
        m.put("compaction", o.compaction());
        m.put("ingest", ingestText);
        m.put("profiles", String.valueOf(profilesCount));
        m.put("rss", rssText);
        m.put("etcd", String.join(",", c.endpoints()));
        m.put("prefix", c.prefix());
        return m;
    }
}
