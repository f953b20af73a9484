package com.capreport.agent.bench;

import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.EtcdUnavailableException;
import com.capreport.model.Capacity;
import com.capreport.model.Durations;
import com.capreport.model.Estate;
import com.capreport.model.LoopStatus;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load part of {@code capreport bench}: simulated docks against a real etcd, the dashboard's
 * model watching, in windows:
 * <ol>
 *   <li>nothing changing: pool writes per cycle (must be 0) and etcd writes/s;</li>
 *   <li>steady state: changes at the given rate; writes/s; change discovered → model latency;
 *       the raw put → watch floor measured alongside;</li>
 *   <li>etcd db growth: the steady-state workload for a longer window, etcd's db size (on disk and
 *       in use) sampled, extrapolated to an hour; whether etcd compacts is the caller's (the private
 *       etcd compacts unless {@code --no-compaction});</li>
 *   <li>naive: the same docks rewriting every pool every cycle, same figures;</li>
 *   <li>liveness: docks crash (lease left to expire), docks whose lease is revoked, loops that
 *       hang: how long until the model shows each dead.</li>
 * </ol>
 */
public final class LoadBench {
    private static final long GIB = Capacity.GIB;
    private static final String NAIVE = "naive: rewrite every pool";

    /** What to simulate. */
    /**
     * What to simulate.
     *
     * @param dbWindow   how long to measure etcd's db growth under the steady workload (zero skips it)
     * @param compaction how the etcd compacts, in words, for the figure's note ("periodic, 1m", "off")
     */
    public record Options(int docks, int poolsPerDock, Duration interval, double changeRate, Duration duration,
                          Duration leaseTtl, int kill, boolean naive, Duration dbWindow, String compaction) {
    }

    private final EtcdConnection etcd;
    private final Options o;
    private final PrintWriter progress;

    /** {@code etcd}'s prefix is the bench's own; everything goes under {@code {prefix}/load}. */
    public LoadBench(EtcdConnection etcd, Options options, PrintWriter progress) {
        this.etcd = etcd;
        this.o = options;
        this.progress = progress;
    }

    public List<Figure> run() throws Exception {
        EtcdConnection load = new EtcdConnection(etcd.endpoints(), etcd.prefix() + "/load", etcd.tls(), etcd.user(),
                etcd.passwordFile(), etcd.passwordEnv());
        List<Figure> out = new ArrayList<>();
        int pools = o.docks() * o.poolsPerDock();
        String size = String.format("%,d docks × %d pools", o.docks(), o.poolsPerDock());
        try (Client client = EtcdClients.connect(etcd); Client floorClient = EtcdClients.connect(etcd)) {
            long revision = EtcdClients.await(client.getKVClient().get(EtcdClients.bytes(load.layout().root()),
                    GetOption.builder().isPrefix(true).withCountOnly(true).build()), Duration.ofSeconds(10),
                    "read the bench prefix").getHeader().getRevision();
            try (EventCounter counter = new EventCounter(client, load.layout().root(), revision + 1);
                 FloorProbe floor = new FloorProbe(floorClient, etcd.prefix() + "/floor", 20);
                 ModelProbe model = new ModelProbe(load)) {
                model.start();
                progress.printf("starting %s (interval %s, lease TTL %s) against %s%n", size,
                        Durations.format(o.interval()), Durations.format(o.leaseTtl()), String.join(",", etcd.endpoints()));
                long t0 = System.nanoTime();
                Duration timeout = o.leaseTtl().multipliedBy(3);
                try (SimulatedDocks docks = SimulatedDocks.start(client, load, o.docks(), o.poolsPerDock(), o.interval(),
                        o.leaseTtl(), timeout, 8, progress)) {
                    boolean up = model.await(e -> e.pools().size() == pools && allRunning(e, o.docks()),
                            o.interval().multipliedBy(2).plusSeconds(60));
                    if (!up) {
                        Estate e = model.latest();
                        throw new IllegalStateException("the model did not show " + size + " running within "
                                + Durations.format(o.interval().multipliedBy(2).plusSeconds(60)) + " (it shows "
                                + (e == null ? "nothing" : e.pools().size() + " pools") + ")");
                    }
                    out.add(Figure.single("load", "start-up: " + size + " registered, first report in the model", "s",
                            (System.nanoTime() - t0) / 1e9, "docks started 8 at a time"));
                    out.addAll(unchanged(docks, counter, "diff writes"));
                    Samples diffFloor = new Samples();
                    Samples diffLatency = new Samples();
                    Samples handOff = new Samples();
                    model.recordHandOffsInto(handOff);
                    Window diff = steady(docks, model, counter, floor, diffLatency, diffFloor, "diff writes");
                    model.recordHandOffsInto(null);
                    out.addAll(diff.figures);
                    out.add(Figure.distribution("latency", "model hand-off: estate regrouped for the consumer", "ms",
                            handOff.stats(), "during the diff-writes window: the work the dashboard's FX thread "
                                    + "gets before it paints (coalesced: one hand-off however many events)"));
                    if (!o.dbWindow().isZero()) {
                        out.addAll(dbGrowth(client, docks, model));
                    }
                    if (o.naive()) {
                        progress.println("naive mode: every loop rewrites every pool every cycle");
                        docks.naive(true);
                        TimeUnit.MILLISECONDS.sleep(o.interval().toMillis());
                        out.addAll(unchanged(docks, counter, NAIVE));
                        Window naive = steady(docks, model, counter, floor, new Samples(), new Samples(), NAIVE);
                        docks.naive(false);
                        out.addAll(naive.figures);
                        double ratio = naive.writesPerSecond / Math.max(diff.writesPerSecond, 1e-9);
                        out.add(Figure.single("writes", "naive ÷ diff etcd writes/s", "×", ratio,
                                String.format("%.1f vs %.1f writes/s", naive.writesPerSecond, diff.writesPerSecond)));
                        TimeUnit.MILLISECONDS.sleep(o.interval().toMillis());
                    }
                    Samples.Stats floorStats = diffFloor.stats();
                    Samples.Stats latency = diffLatency.stats();
                    out.add(Figure.distribution("latency", "raw etcd put → watch event (floor, same run)", "ms",
                            floorStats, "20 puts/s of a tiny key on its own client, during the diff-writes window"));
                    double bound = 2 * floorStats.p99();
                    out.add(Figure.distribution("latency", "backend change discovered → model holds it (" + size + ")",
                            "ms", latency, diff.note)
                            .against(String.format("p99 ≤ 2 × floor p99 = %.1f ms", bound), latency.p99() <= bound));
                    out.addAll(liveness(client, docks, model));
                    progress.println("stopping the docks");
                }
            } finally {
                EtcdClients.await(client.getKVClient().delete(EtcdClients.bytes(load.layout().root()),
                        DeleteOption.builder().isPrefix(true).build()), Duration.ofSeconds(30), "delete the bench keys");
            }
        }
        return out;
    }

    private static boolean allRunning(Estate e, int docks) {
        if (e.docks().size() < docks) {
            return false;
        }
        for (Estate.DockView d : e.docks()) {
            if (d.liveness() != Estate.Liveness.ALIVE || d.loops().isEmpty()) {
                return false;
            }
            for (LoopStatus s : d.loops().values()) {
                if (s.state() != com.capreport.model.LoopState.RUNNING) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Nothing changes for two intervals: with diff writes the loops cycle and write nothing. */
    private List<Figure> unchanged(SimulatedDocks docks, EventCounter counter, String mode) throws InterruptedException {
        Duration window = max(o.interval().multipliedBy(2), Duration.ofSeconds(5));
        progress.printf("%s: nothing changing for %s%n", mode, Durations.format(window));
        // The writes of what came before (the docks' first reports, the last change) may still be in a
        // cycle that a busy machine runs late: the window starts once one whole interval wrote nothing.
        for (int i = 0; i < 5; i++) {
            long before = docks.totals().poolWrites();
            TimeUnit.MILLISECONDS.sleep(o.interval().toMillis());
            if (docks.totals().poolWrites() == before) {
                break;
            }
        }
        SimulatedDocks.Totals t0 = docks.totals();
        EventCounter.Count c0 = counter.count();
        TimeUnit.MILLISECONDS.sleep(window.toMillis());
        SimulatedDocks.Totals d = docks.totals().minus(t0);
        EventCounter.Count c1 = counter.count();
        double perCycle = d.cycles() == 0 ? Double.NaN : (double) d.poolWrites() / d.cycles();
        List<Figure> out = new ArrayList<>();
        Figure writes = Figure.single("writes", "pool writes per unchanged cycle (" + mode + ")", "writes/cycle",
                perCycle, String.format("%,d pool writes in %,d cycles over %.0f s", d.poolWrites(), d.cycles(),
                        d.seconds()));
        out.add(mode.equals(NAIVE) ? writes : writes.against("0", d.cycles() > 0 && d.poolWrites() == 0));
        out.add(Figure.single("writes", "etcd writes/s, nothing changing (" + mode + ")", "writes/s",
                c1.perSecondSince(c0), String.format("%,d key writes seen by a raw watch in %.0f s (lease renewals are "
                        + "not writes)", c1.total() - c0.total(), (c1.atNanos() - c0.atNanos()) / 1e9)));
        // Proof of life: one fenced put per dock per period. The window above is shorter than a period,
        // so it holds few of them (they are counted when they land): the steady rate is computed.
        Duration period = com.capreport.agent.config.ConfigLoader.DEFAULT_PROOF_PERIOD;
        for (int n : new int[] {o.docks(), 1000}) {
            out.add(Figure.single("writes", String.format("proof-of-life writes/s, %,d docks, period %s (computed)", n,
                    Durations.format(period)), "writes/s", n / (double) period.toSeconds(),
                    "docks ÷ proof period (discovery.proofPeriod); each is one fenced put, counted by the raw watch"
                            + " when it lands"));
            if (n == 1000) {
                break;
            }
        }
        return out;
    }

    /** One measured window with changes arriving at the set rate. */
    private record Window(List<Figure> figures, double writesPerSecond, String note) {
    }

    private Window steady(SimulatedDocks docks, ModelProbe model, EventCounter counter, FloorProbe floor,
                          Samples latency, Samples floorSamples, String mode) throws InterruptedException {
        progress.printf("%s: %.1f changes/s for %s%n", mode, o.changeRate(), Durations.format(o.duration()));
        floor.recordInto(floorSamples);
        SimulatedDocks.Totals t0 = docks.totals();
        EventCounter.Count c0 = counter.count();
        ChangeDriver changes = new ChangeDriver(docks, model, latency);
        changes.start(o.changeRate());
        TimeUnit.MILLISECONDS.sleep(o.duration().toMillis());
        changes.stop();
        SimulatedDocks.Totals d = docks.totals().minus(t0);
        EventCounter.Count c1 = counter.count();
        floor.recordInto(null);
        // Changes queued near the end are discovered at the loops' next cycle: let them arrive.
        model.awaitPools(o.interval().plusSeconds(5));
        int lost = model.dropPendingPools();
        double writes = c1.perSecondSince(c0);
        List<Figure> out = new ArrayList<>();
        out.add(Figure.single("writes", "pool writes per cycle with changes (" + mode + ")", "writes/cycle",
                d.cycles() == 0 ? Double.NaN : (double) d.poolWrites() / d.cycles(),
                String.format("%,d pool writes in %,d cycles, %,d changes applied", d.poolWrites(), d.cycles(),
                        changes.applied())));
        out.add(Figure.single("writes", "etcd writes/s at steady state (" + mode + ")", "writes/s", writes,
                String.format("%.1f pool writes/s, %.1f transactions/s", c1.poolsPerSecondSince(c0),
                        d.transactions() / d.seconds())));
        String note = String.format("%,d changes (half capacity, half MaxIOPS), %,d not seen within an interval"
                + " after the window", changes.applied(), lost);
        if (!mode.startsWith("diff")) {
            out.add(Figure.distribution("latency", "backend change discovered → model holds it (" + mode + ")", "ms",
                    latency.stats(), note));
            out.add(Figure.distribution("latency", "raw etcd put → watch event (floor, " + mode + ")", "ms",
                    floorSamples.stats(), "the same floor probe, during this window"));
        }
        return new Window(out, writes, note);
    }

    /**
     * etcd's db under the steady diff-writes workload: its size on disk and in use (the largest of the
     * members the bench talks to), sampled every 5 s over {@code dbWindow}, as growth per hour.
     * Without compaction every write stays as a revision and "in use" grows with the write rate; with
     * it, compacted revisions are freed and their pages reused, so the db levels off.
     */
    private List<Figure> dbGrowth(Client client, SimulatedDocks docks, ModelProbe model)
            throws InterruptedException, EtcdUnavailableException {
        progress.printf("etcd db growth: %.1f changes/s for %s (compaction: %s)%n", o.changeRate(),
                Durations.format(o.dbWindow()), o.compaction());
        List<double[]> samples = new ArrayList<>(); // seconds, in use, on disk
        long t0 = System.nanoTime();
        DbSize first = dbSize(client);
        samples.add(new double[] {0, first.inUse(), first.onDisk()});
        ChangeDriver changes = new ChangeDriver(docks, model, new Samples());
        changes.start(o.changeRate());
        long end = t0 + o.dbWindow().toNanos();
        while (System.nanoTime() < end) {
            TimeUnit.MILLISECONDS.sleep(Math.min(5000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            DbSize d = dbSize(client);
            samples.add(new double[] {(System.nanoTime() - t0) / 1e9, d.inUse(), d.onDisk()});
        }
        changes.stop();
        model.awaitPools(o.interval().plusSeconds(5));
        model.dropPendingPools();
        double[] last = samples.get(samples.size() - 1);
        double minUse = samples.stream().mapToDouble(x -> x[1]).min().orElse(0);
        double maxUse = samples.stream().mapToDouble(x -> x[1]).max().orElse(0);
        String window = String.format("over %s at %.1f changes/s (%,d applied), %d samples, compaction: %s",
                Durations.format(o.dbWindow()), o.changeRate(), changes.applied(), samples.size(), o.compaction());
        // A least-squares slope over every sample, not the two ends: with compaction "in use" is a saw
        // tooth (it grows between compactions and drops at each), so two ends would measure the phase.
        return List.of(
                Figure.single("etcd", "etcd db growth per hour, in use (diff writes)", "MiB/h",
                        slope(samples, 1) * 3600 / MIB,
                        String.format("%.1f → %.1f MiB in use (min %.1f, max %.1f), least-squares slope %s",
                                first.inUse() / MIB, last[1] / MIB, minUse / MIB, maxUse / MIB, window)),
                Figure.single("etcd", "etcd db growth per hour, file on disk (diff writes)", "MiB/h",
                        slope(samples, 2) * 3600 / MIB,
                        String.format("%.1f → %.1f MiB on disk, least-squares slope %s; the file only shrinks "
                                + "by defragmentation", first.onDisk() / MIB, last[2] / MIB, window)));
    }

    /** Least-squares slope of column {@code y} against column 0, per second. */
    static double slope(List<double[]> samples, int y) {
        int n = samples.size();
        if (n < 2) {
            return Double.NaN;
        }
        double mx = samples.stream().mapToDouble(x -> x[0]).average().orElse(0);
        double my = samples.stream().mapToDouble(x -> x[y]).average().orElse(0);
        double num = 0;
        double den = 0;
        for (double[] x : samples) {
            num += (x[0] - mx) * (x[y] - my);
            den += (x[0] - mx) * (x[0] - mx);
        }
        return den == 0 ? Double.NaN : num / den;
    }

    private static final double MIB = 1024.0 * 1024.0;

    private record DbSize(long onDisk, long inUse) {
    }

    private DbSize dbSize(Client client) throws InterruptedException, EtcdUnavailableException {
        long disk = 0;
        long used = 0;
        for (String endpoint : etcd.endpoints()) {
            var s = EtcdClients.await(client.getMaintenanceClient().statusMember(endpoint), Duration.ofSeconds(10),
                    "etcd status of " + endpoint);
            disk = Math.max(disk, s.getDbSize());
            used = Math.max(used, s.getDbSizeInUse());
        }
        return new DbSize(disk, used);
    }

    /** Docks crash, docks lose their lease, loops hang — all at once — and the model is timed. */
    private List<Figure> liveness(Client client, SimulatedDocks docks, ModelProbe model) throws InterruptedException {
        List<SimulatedDocks.Dock> all = docks.docks();
        int k = Math.max(0, Math.min(o.kill(), all.size() / 3));
        List<Figure> out = new ArrayList<>();
        if (k == 0) {
            return out;
        }
        progress.printf("liveness: %d docks crash, %d lose their lease, %d loops hang%n", k, k, k);
        Samples crashed = new Samples();
        Samples revoked = new Samples();
        Samples hung = new Samples();
        int step = all.size() / (3 * k);
        for (int i = 0; i < k; i++) {
            SimulatedDocks.Dock c = all.get((3 * i) * step);
            SimulatedDocks.Dock r = all.get((3 * i + 1) * step);
            SimulatedDocks.Dock h = all.get((3 * i + 2) * step);
            model.expectState("crash " + c.id(), e -> notAlive(e, c.id()), System.nanoTime(), crashed);
            c.agent().crash();
            long lease = r.agent().session().leaseId();
            r.agent().crash();
            model.expectState("revoke " + r.id(), e -> notAlive(e, r.id()), System.nanoTime(), revoked);
            client.getLeaseClient().revoke(lease);
            h.backend().hangNext(t -> model.expectState("hang " + h.id(), e -> loopDead(e, h.id()), t, hung));
            h.loop().discoverNow();
        }
        Duration wait = o.leaseTtl().multipliedBy(2).plusSeconds(10);
        boolean all3 = model.awaitStates(wait);
        String missing = all3 ? "" : String.format("; %d not seen within %s", model.pendingStates(), Durations.format(wait));
        double bound = o.leaseTtl().toMillis() + 1000;
        String goal = "≤ TTL + 1 s = " + Durations.format(o.leaseTtl().plusSeconds(1));
        Samples.Stats cs = crashed.stats();
        out.add(Figure.distribution("liveness", "dock crashed (lease left to expire) → model: dead", "ms", cs,
                k + " docks stopped without goodbye, TTL " + Durations.format(o.leaseTtl()) + missing)
                .against(goal, cs.count() == k && cs.max() <= bound));
        out.add(Figure.distribution("liveness", "dock lease revoked → model: dead", "ms", revoked.stats(),
                k + " docks, lease revoked by another client" + missing));
        Samples.Stats hs = hung.stats();
        out.add(Figure.distribution("liveness", "loop hung → model: dead report thread", "ms", hs,
                k + " loops blocked in a backend call (timeout " + Durations.format(o.leaseTtl().multipliedBy(3))
                        + "), dock alive" + missing)
                .against(goal, hs.count() == k && hs.max() <= bound));
        all.forEach(d -> d.backend().release());
        return out;
    }

    private static boolean notAlive(Estate e, String dockId) {
        return e.dock(dockId).map(v -> v.liveness() != Estate.Liveness.ALIVE).orElse(false);
    }

    private static boolean loopDead(Estate e, String dockId) {
        // SILENT: the model saw the key go and waits one lease TTL before it says "dead thread".
        return e.dock(dockId).map(v -> v.loopHealth().get(SimulatedDocks.BACKEND) == Estate.LoopHealth.DEAD_THREAD
                || v.loopHealth().get(SimulatedDocks.BACKEND) == Estate.LoopHealth.SILENT).orElse(false);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * Changes at a fixed rate: a random pool of a random running dock gets new free capacity, and
     * every other change also a new MaxIOPS; each becomes a model expectation timed from discovery.
     */
    private final class ChangeDriver {
        private final SimulatedDocks docks;
        private final ModelProbe model;
        private final Samples into;
        private final Random random = new Random(11);
        private final Map<String, Long> free = new HashMap<>();
        private final AtomicLong applied = new AtomicLong();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-changes");
            t.setDaemon(true);
            return t;
        });
        private int iops = 100_000;

        ChangeDriver(SimulatedDocks docks, ModelProbe model, Samples into) {
            this.docks = docks;
            this.model = model;
            this.into = into;
        }

        void start(double perSecond) {
            if (perSecond <= 0) {
                return;
            }
            long periodNanos = Math.max(1000, (long) (1e9 / perSecond));
            timer.scheduleAtFixedRate(this::changeOne, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
        }

        private void changeOne() {
            List<SimulatedDocks.Dock> all = docks.docks();
            for (int attempt = 0; attempt < 5; attempt++) {
                SimulatedDocks.Dock d = all.get(random.nextInt(all.size()));
                List<String> names = d.backend().sim().poolNames();
                String name = names.get(random.nextInt(names.size()));
                String id = d.poolId(name);
                if (model.pendingFor(id)) {
                    continue;
                }
                long before = free.getOrDefault(id, SimulatedDocks.TOTAL_GIB / 2 * GIB);
                long next;
                do {
                    next = (long) (random.nextDouble() * SimulatedDocks.TOTAL_GIB * GIB);
                } while (next == before);
                free.put(id, next);
                Integer maxIops = applied.get() % 2 == 1 ? ++iops : null;
                ModelProbe.PoolExpectation exp = new ModelProbe.PoolExpectation(next, maxIops, into);
                if (!model.expectPool(id, exp)) {
                    continue;
                }
                d.backend().queue(new SimulatedDocks.Change(name, next, maxIops, t -> exp.discoveredAt = t));
                applied.incrementAndGet();
                return;
            }
        }

        long applied() {
            return applied.get();
        }

        void stop() {
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
