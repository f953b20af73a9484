package com.capreport.agent.bench;

import com.capreport.agent.etcd.EstateFeed;
import com.capreport.agent.etcd.EstateReader;
import com.capreport.agent.etcd.EstateUpdate;
import com.capreport.agent.etcd.EtcdClients;
import com.capreport.agent.etcd.EtcdConnection;
import com.capreport.agent.etcd.EtcdFailure;
import com.capreport.agent.etcd.EtcdUnavailableException;
import com.capreport.model.BackendRef;
import com.capreport.model.DockAlive;
import com.capreport.model.DockSpec;
import com.capreport.model.Estate;
import com.capreport.model.Json;
import com.capreport.model.KeyLayout;
import com.capreport.model.LoopState;
import com.capreport.model.LoopStatus;
import com.capreport.model.PoolSpec;
import com.capreport.model.ProfileSpec;
import com.capreport.model.match.MatchBook;
import com.capreport.model.match.ProfileReport;
import com.capreport.model.match.SyntheticWorkload;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.grpc.stub.StreamObserver;
import java.io.PrintWriter;
import java.lang.ref.WeakReference;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The consumer side at scale: seeds {@code pools} live pools (ten per dock, every dock alive with
 * running loops) and {@code profiles} profiles straight into etcd, then measures how long the
 * dashboard's model ({@link EstateFeed}) takes to hold them and how much heap it keeps, and how long
 * the dashboard's matching takes on that real estate: from nothing, and after one pool changed in etcd.
 *
 * <p>Pools mirror {@code MatchBench.randomPool} (same seed, same shapes: two thirds LVM, one third
 * Ceph, ~3 % in error, ~5 % degraded) and profiles are {@link SyntheticWorkload#profiles}, so the
 * figures are comparable with the JMH ones. Unlike MatchBench no dock is dead: every pool is live,
 * so matching evaluates every pool's capabilities.
 *
 * <p>Everything lives under {@code {prefix}/ingest-{pools}}, which is deleted at the end (also on
 * failure); the alive and loop keys hang on one lease that is revoked at the end.
 */
public final class IngestPhase {
    static final String SECTION_INGEST = "ingest";
    static final String SECTION_MATCHING = "matching";
    private static final int POOLS_PER_DOCK = 10;
    private static final int OPS_PER_TXN = 100; // etcd's --max-txn-ops defaults to 128
    private static final int TXNS_IN_FLIGHT = 8;
    private static final long LEASE_TTL_SECONDS = 600;
    private static final int INGEST_RUNS = 3;
    private static final int FULL_MATCH_RUNS = 5;
    private static final int CHANGE_RUNS = 20;
    private static final Duration OP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FIRST_CONTACT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final long GIB = 1L << 30;

    private final EtcdConnection etcd;
    private final PrintWriter progress;

    public IngestPhase(EtcdConnection etcd, PrintWriter progress) {
        this.etcd = Objects.requireNonNull(etcd);
        this.progress = Objects.requireNonNull(progress);
    }

    /** Seeds, measures and cleans up; the figures of the ingest and matching sections. */
    public List<Figure> run(int pools, int profiles) throws Exception {
        if (pools < POOLS_PER_DOCK || profiles < 1) {
            throw new IllegalArgumentException("ingest needs at least " + POOLS_PER_DOCK + " pools and 1 profile, got "
                    + pools + " pools and " + profiles + " profiles");
        }
        EtcdConnection sub = new EtcdConnection(etcd.endpoints(), etcd.prefix() + "/ingest-" + pools, etcd.tls(),
                etcd.user(), etcd.passwordFile(), etcd.passwordEnv());
        KeyLayout layout = sub.layout();
        List<Figure> figures = new ArrayList<>();
        Client client = EtcdClients.connect(sub);
        try {
            // Reachable before anything is written: a down etcd is one line and nothing to clean up.
            deletePrefix(client, layout, FIRST_CONTACT_TIMEOUT, "ingest: reach etcd at "
                    + String.join(",", sub.endpoints()) + " and clear " + layout.root());
        } catch (EtcdUnavailableException | InterruptedException | RuntimeException e) {
            client.close();
            throw e;
        }
        long lease = 0;
        io.etcd.jetcd.support.CloseableClient keepAlive = null;
        try {
            lease = EtcdClients.await(client.getLeaseClient().grant(LEASE_TTL_SECONDS), OP_TIMEOUT,
                    "ingest: grant a lease").getID();
            // Kept alive too, so a long run never loses its docks; if this JVM dies the keys go within the TTL.
            keepAlive = client.getLeaseClient().keepAlive(lease, new StreamObserver<>() {
                @Override
                public void onNext(LeaseKeepAliveResponse r) {
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                }
            });
            List<PoolSpec> seeded = pools(pools);
            List<ProfileSpec> specs = SyntheticWorkload.profiles(new Random(7), profiles);
            figures.add(seed(client, layout, lease, seeded, specs));
            measure(sub, client, layout, seeded, specs, figures);
            return figures;
        } finally {
            if (keepAlive != null) {
                keepAlive.close();
            }
            cleanUp(client, layout, lease);
        }
    }

    // ---------------------------------------------------------------- seeding

    /** MatchBench's pools, in its order and with its seed. */
    static List<PoolSpec> pools(int n) {
        return SyntheticWorkload.pools(n, 5, T0);
    }

    private Figure seed(Client client, KeyLayout layout, long lease, List<PoolSpec> pools, List<ProfileSpec> profiles)
            throws Exception {
        Map<String, Map<String, String>> backendsByDock = new TreeMap<>(); // dock → backend → driver
        for (PoolSpec p : pools) {
            backendsByDock.computeIfAbsent(p.dockId(), d -> new TreeMap<>()).put(p.backend(), p.driver());
        }
        List<Op> ops = new ArrayList<>(pools.size() + backendsByDock.size() * 4 + profiles.size());
        PutOption leased = PutOption.builder().withLeaseId(lease).build();
        backendsByDock.forEach((dock, backends) -> {
            List<BackendRef> refs = backends.entrySet().stream().map(e -> new BackendRef(e.getKey(), e.getValue()))
                    .toList();
            ops.add(put(layout.dockSpec(dock), new DockSpec(dock, dock, "storage-" + dock, "127.0.0.1:50051", "az01",
                    refs, "bench", T0, null, T0, T0), PutOption.DEFAULT));
            ops.add(put(layout.alive(dock), new DockAlive("storage-" + dock, 42, T0, "bench", "", "bench"), leased));
            backends.forEach((backend, driver) -> ops.add(put(layout.loop(dock, backend), new LoopStatus(dock, backend,
                    driver, LoopState.RUNNING, T0, 1, T0, null, 0, Duration.ofSeconds(60), POOLS_PER_DOCK, null),
                    leased)));
        });
        for (PoolSpec p : pools) {
            ops.add(put(layout.pool(p.dockId(), p.id()), p, PutOption.DEFAULT));
        }
        for (ProfileSpec p : profiles) {
            ops.add(put(layout.profile(p.id()), p, PutOption.DEFAULT));
        }

        progress.printf(Locale.ROOT, "seeding %,d pools on %,d docks and %,d profiles under %s …%n", pools.size(),
                backendsByDock.size(), profiles.size(), layout.prefix());
        progress.flush();
        long t0 = System.nanoTime();
        long lastReport = t0;
        Semaphore inFlight = new Semaphore(TXNS_IN_FLIGHT);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int from = 0; from < ops.size() && failure.get() == null; from += OPS_PER_TXN) {
            List<Op> batch = ops.subList(from, Math.min(ops.size(), from + OPS_PER_TXN));
            if (!inFlight.tryAcquire(OP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new EtcdUnavailableException(EtcdFailure.TIMEOUT, "ingest: seeding " + layout.prefix() + ": etcd did not answer within "
                        + OP_TIMEOUT.toSeconds() + " s", null);
            }
            CompletableFuture<TxnResponse> f = client.getKVClient().txn().Then(batch.toArray(Op[]::new)).commit();
            f.whenComplete((r, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
                inFlight.release();
            });
            long now = System.nanoTime();
            if (now - lastReport > 5_000_000_000L) {
                lastReport = now;
                progress.printf(Locale.ROOT, "  … %,d of %,d keys, %.1f s%n", from, ops.size(), (now - t0) / 1e9);
                progress.flush();
            }
        }
        if (!inFlight.tryAcquire(TXNS_IN_FLIGHT, OP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new EtcdUnavailableException(EtcdFailure.TIMEOUT, "ingest: seeding " + layout.prefix() + ": etcd did not answer within "
                    + OP_TIMEOUT.toSeconds() + " s", null);
        }
        if (failure.get() != null) {
            throw new EtcdUnavailableException(EtcdClients.classify(failure.get()), "ingest: seeding " + layout.prefix() + " failed: "
                    + EtcdClients.oneLine(failure.get()), failure.get());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        progress.printf(Locale.ROOT, "seeding %,d pools … %.1f s (%,.0f keys/s)%n", pools.size(), seconds,
                ops.size() / seconds);
        progress.flush();
        return Figure.single(SECTION_INGEST, String.format(Locale.ROOT, "seed %,d pools into etcd", pools.size()),
                "keys/s", ops.size() / seconds, String.format(Locale.ROOT,
                        "%,d keys (pools, dock specs, alive, loops, profiles) in txns of %d, %d in flight, one client",
                        ops.size(), OPS_PER_TXN, TXNS_IN_FLIGHT));
    }

    private static Op put(String key, Object value, PutOption option) {
        return Op.put(EtcdClients.bytes(key), ByteSequence.from(Json.encode(value)), option);
    }

    // ---------------------------------------------------------------- measuring

    private void measure(EtcdConnection sub, Client client, KeyLayout layout, List<PoolSpec> pools,
                         List<ProfileSpec> profiles, List<Figure> figures) throws Exception {
        int n = pools.size();
        String count = String.format(Locale.ROOT, "%,d", n);
        ExecutorService handOff = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bench-ingest-handoff");
            t.setDaemon(true);
            return t;
        });
        Latest latest = new Latest();
        EstateFeed feed = null;
        try {
            Samples ingest = new Samples();
            Samples heap = new Samples(); // runs whose baseline did not still hold the previous feed's estate
            java.lang.ref.ReferenceQueue<PoolSpec> cleared = new java.lang.ref.ReferenceQueue<>();
            WeakReference<PoolSpec> previous = new WeakReference<>(null);
            for (int run = 1; run <= INGEST_RUNS; run++) {
                if (feed != null) {
                    // A pool, not the estate: the watcher's parsed entries hold the pools without any estate.
                    previous = new WeakReference<>(feed.current().estate().pools().get(0), cleared);
                    feed.close();
                    feed = null;
                }
                latest.reset();
                // The closed feed's client lets go of its watch listener (and so of its pools) a little
                // later: measuring before that would subtract the old pools from the new ones.
                long w0 = System.nanoTime();
                boolean clean = awaitCollected(previous, cleared);
                if (!clean) {
                    progress.printf(Locale.ROOT, "  (the closed feed's pools are still reachable %.0f s after close:"
                            + " this run's heap delta is left out)%n", (System.nanoTime() - w0) / 1e9);
                } else if (run > 1) {
                    progress.printf(Locale.ROOT, "  (the closed feed's pools were collected %.1f s after close)%n",
                            (System.nanoTime() - w0) / 1e9);
                }
                long before = usedHeapAfterGc();
                EstateFeed f = new EstateFeed(sub, Clock.systemUTC(), handOff);
                feed = f;
                long t0 = System.nanoTime();
                CompletableFuture<Long> full = new CompletableFuture<>();
                f.start(u -> {
                    latest.offer(u);
                    if (!full.isDone() && u.loaded() && u.estate().pools().size() == n) {
                        full.complete(System.nanoTime());
                    }
                });
                long done;
                try {
                    done = full.get(DELIVERY_TIMEOUT.toMillis() * 5, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    EstateUpdate u = f.current();
                    throw new EtcdUnavailableException(EtcdFailure.TIMEOUT, "ingest: the model did not hold " + count + " pools within "
                            + DELIVERY_TIMEOUT.toSeconds() * 5 + " s (it holds " + u.estate().pools().size()
                            + ", loaded " + u.loaded() + ", etcd " + (u.connection().connected() ? "connected"
                            : "not answering: " + u.connection().lastError()) + ")", e);
                }
                ingest.add((done - t0) / 1e9);
                double heapMiB = (usedHeapAfterGc() - before) / (1024.0 * 1024.0);
                if (clean) {
                    heap.add(heapMiB);
                }
                progress.printf(Locale.ROOT, "model ingest %s pools, run %d of %d … %.2f s, retained heap %.0f MiB%n",
                        count, run, INGEST_RUNS, (done - t0) / 1e9, heapMiB);
                progress.flush();
            }
            figures.add(Figure.distribution(SECTION_INGEST, "model ingest " + count + " pools", "s", ingest.stats(),
                    "new EstateFeed (own client) → first hand-off with loaded and all " + count
                            + " pools; paged list + parse + assemble; " + INGEST_RUNS + " runs, fresh feed each"
                            + load()));
            figures.addAll(breakdown(client, layout, count));
            figures.add(Figure.single(SECTION_INGEST, "model heap for " + count + " pools", "MiB",
                    heap.stats().median(), "used heap after GC with the feed held minus before it was created"
                            + " (includes the feed's etcd client); median of " + heap.size() + " of " + INGEST_RUNS
                            + " runs (a run is left out when the previous feed's pools were still reachable)"));

            Estate estate = feed.current().estate();
            if (estate.profiles().size() != profiles.size()) {
                throw new IllegalStateException("ingest: the estate holds " + estate.profiles().size()
                        + " profiles, expected " + profiles.size());
            }
            MatchBook book = matchFull(estate, profiles.size(), count, figures);
            matchAfterChange(client, layout, feed, latest, book, estate, pools, count, figures);
        } finally {
            if (feed != null) {
                feed.close();
            }
            handOff.shutdownNow();
        }
    }

    /** Where the ingest time goes: the paged read, parsing every value, regrouping into an estate. */
    private List<Figure> breakdown(Client client, KeyLayout layout, String count) throws Exception {
        Samples list = new Samples();
        Samples parse = new Samples();
        Samples assemble = new Samples();
        int keys = 0;
        for (int run = 0; run < INGEST_RUNS; run++) {
            long t0 = System.nanoTime();
            EstateReader.Listing l = EstateReader.list(client, layout, OP_TIMEOUT);
            long t1 = System.nanoTime();
            Map<String, Estate.Parsed> parsed = new TreeMap<>();
            l.entries().forEach((k, v) -> parsed.put(k, Estate.parse(k, v, layout)));
            long t2 = System.nanoTime();
            Estate e = Estate.assemble(l.revision(), parsed);
            long t3 = System.nanoTime();
            keys = l.entries().size();
            list.add((t1 - t0) / 1e9);
            parse.add((t2 - t1) / 1e9);
            assemble.add((t3 - t2) / 1e9);
            if (e.pools().isEmpty()) {
                throw new IllegalStateException("ingest: the breakdown read no pools under " + layout.root());
            }
        }
        progress.printf(Locale.ROOT, "ingest breakdown (median of %d): list %.2f s, parse %.2f s, assemble %.2f s%n",
                INGEST_RUNS, list.stats().median(), parse.stats().median(), assemble.stats().median());
        progress.flush();
        String keyCount = String.format(Locale.ROOT, "%,d", keys);
        return List.of(
                Figure.distribution(SECTION_INGEST, "ingest part: paged list of " + keyCount + " keys (" + count
                        + " pools)", "s", list.stats(), "EstateReader.list, pages of " + String.format(Locale.ROOT, "%,d", EstateReader.PAGE) + " keys at one revision; "
                        + INGEST_RUNS + " runs" + load()),
                Figure.distribution(SECTION_INGEST, "ingest part: parse " + keyCount + " values (" + count + " pools)",
                        "s", parse.stats(), "Estate.parse per key (JSON → records), as the watcher does; "
                        + INGEST_RUNS + " runs"),
                Figure.distribution(SECTION_INGEST, "ingest part: assemble the estate (" + count + " pools)", "s",
                        assemble.stats(), "Estate.assemble (group by dock, sort pools), as the watcher does on every"
                        + " change; " + INGEST_RUNS + " runs"));
    }

    /** "; load average 1.2 on 2 CPUs" where /proc tells it: these figures mean little on a busy machine. */
    static String load() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split("\\s+");
            return "; load average " + f[0] + " on " + Runtime.getRuntime().availableProcessors() + " CPUs";
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }

    private MatchBook matchFull(Estate estate, int profiles, String count, List<Figure> figures) {
        Samples full = new Samples();
        Samples syncOnly = new Samples();
        MatchBook book = null;
        long checksum = 0;
        for (int run = 0; run < FULL_MATCH_RUNS; run++) {
            long t0 = System.nanoTime();
            book = new MatchBook();
            book.sync(estate);
            long t1 = System.nanoTime();
            for (ProfileSpec p : estate.profiles()) {
                ProfileReport r = book.report(p.id());
                checksum += r.matches().size() + r.suggestions().size();
            }
            full.addNanosAsMillis(System.nanoTime() - t0);
            syncOnly.addNanosAsMillis(t1 - t0);
        }
        double syncMs = syncOnly.stats().median();
        double reportsMs = full.stats().median() - syncMs;
        progress.printf(Locale.ROOT, "match %d profiles × %s pools, full … median %.0f ms (sync %.0f ms, reports ~%.0f"
                + " ms; checksum %d)%n", profiles, count, full.stats().median(), syncMs, reportsMs, checksum);
        progress.flush();
        figures.add(Figure.distribution(SECTION_MATCHING, String.format(Locale.ROOT,
                "match %d profiles × %s pools, full (sync + %d reports)", profiles, count, profiles), "ms", full.stats(),
                String.format(Locale.ROOT, "fresh MatchBook, sync(estate from etcd) + every profile's report"
                        + " (matches, suggestions); %d runs, the first includes JIT warm-up; median sync %.0f ms of it%s",
                        FULL_MATCH_RUNS, syncMs, load())));
        return book;
    }

    private void matchAfterChange(Client client, KeyLayout layout, EstateFeed feed, Latest latest, MatchBook book,
                                  Estate estate, List<PoolSpec> pools, String count, List<Figure> figures)
            throws Exception {
        Samples sync = new Samples();
        Samples delivery = new Samples();
        PoolSpec original = pools.get(pools.size() / 2);
        long sink = 0;
        for (int run = 0; run < CHANGE_RUNS; run++) {
            // Alternate between two values neither of which the seeded pool has, so every put is a change.
            Map<String, Object> extras = SyntheticWorkload.extras("Thin", true, 2, "RBD", run % 2 == 0 ? 1000 : 90000,
                    List.of("Snapshot", "Clone"), "Rack");
            long free = original.freeCapacity() + (run % 2 == 0 ? 1 : 2);
            PoolSpec changed = new PoolSpec(original.id(), original.createdAt(), T0.plusSeconds(run + 1),
                    original.name(), original.storageType(), original.description(), original.status(),
                    original.availabilityZone(), original.totalCapacity(), free, original.dockId(), original.backend(),
                    original.driver(), original.nativeId(), original.totalCapacityBytes(), free * GIB, extras,
                    original.capabilitySources());
            long t0 = System.nanoTime();
            long revision = EtcdClients.await(client.getKVClient().put(
                    EtcdClients.bytes(layout.pool(changed.dockId(), changed.id())),
                    ByteSequence.from(Json.encode(changed))), OP_TIMEOUT, "ingest: put one changed pool")
                    .getHeader().getRevision();
            EstateUpdate u = latest.await(revision, changed, DELIVERY_TIMEOUT, feed);
            delivery.addNanosAsMillis(System.nanoTime() - t0);
            Estate next = u.estate();
            long s0 = System.nanoTime();
            book.sync(next);
            for (ProfileSpec p : next.profiles()) {
                sink += book.matchCount(p.id());
            }
            sync.addNanosAsMillis(System.nanoTime() - s0);
        }
        progress.printf(Locale.ROOT, "match after one change × %d … median %.2f ms (put → model %.1f ms; %d)%n",
                CHANGE_RUNS, sync.stats().median(), delivery.stats().median(), sink);
        progress.flush();
        int profiles = estate.profiles().size();
        figures.add(Figure.distribution(SECTION_MATCHING, String.format(Locale.ROOT,
                "match %d profiles × %s pools, after one pool changed (sync + %d counts)", profiles, count, profiles),
                "ms", sync.stats(), "the live book's sync(the feed's next estate) + every profile's match count, as the"
                        + " dashboard per hand-off; MaxIOPS and free capacity alternate; " + CHANGE_RUNS + " changes"
                        + load()));
        figures.add(Figure.distribution(SECTION_INGEST, "one pool change: etcd put → model holds it, " + count
                        + " pools", "ms", delivery.stats(), "put acknowledged + watch event + estate re-assembly +"
                        + " hand-off, until the consumer holds an estate at the put's revision; " + CHANGE_RUNS
                        + " changes"));
    }

    private static boolean holds(Estate estate, PoolSpec pool) {
        for (PoolSpec p : estate.pools()) {
            if (p.id().equals(pool.id())) {
                return p.equals(pool);
            }
        }
        return false;
    }

    /**
     * Whether {@code ref} (registered with {@code cleared}) is cleared within 30 s of full
     * collections: woken by the queue the moment the collector clears it, a collection requested at
     * most every 100 ms.
     */
    private static <T> boolean awaitCollected(WeakReference<T> ref, java.lang.ref.ReferenceQueue<T> cleared)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ref.get() != null && System.nanoTime() < deadline) {
            System.gc();
            if (cleared.remove(100) == ref) {
                return true;
            }
        }
        return ref.get() == null;
    }

    /** Used heap after a few full collections (best effort: System.gc is a request). */
    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc(); // a full, stop-the-world collection with the default collector: done when it returns
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    // ---------------------------------------------------------------- clean-up

    /** Deletes everything under the sub-prefix (a crashed earlier run's keys too: they would add to the count). */
    private static void deletePrefix(Client client, KeyLayout layout, Duration timeout, String what)
            throws EtcdUnavailableException, InterruptedException {
        EtcdClients.await(client.getKVClient().delete(EtcdClients.bytes(layout.root()),
                DeleteOption.builder().isPrefix(true).build()), timeout, what);
    }

    private void cleanUp(Client client, KeyLayout layout, long lease) {
        try {
            if (lease != 0) {
                try {
                    EtcdClients.await(client.getLeaseClient().revoke(lease), OP_TIMEOUT, "ingest: revoke the lease");
                } catch (EtcdUnavailableException e) {
                    progress.println("ingest: could not revoke lease " + Long.toHexString(lease) + " (it expires within "
                            + LEASE_TTL_SECONDS + " s): " + e.getMessage());
                }
            }
            try {
                deletePrefix(client, layout, OP_TIMEOUT, "ingest: delete " + layout.root());
                long left = EtcdClients.await(client.getKVClient().get(EtcdClients.bytes(layout.root()),
                        GetOption.builder().isPrefix(true).withCountOnly(true).build()), OP_TIMEOUT,
                        "ingest: count " + layout.root()).getCount();
                if (left != 0) {
                    progress.println("ingest: " + left + " keys are left under " + layout.root());
                }
            } catch (EtcdUnavailableException e) {
                progress.println("ingest: could not delete " + layout.root() + ", delete it by hand: " + e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            progress.println("ingest: interrupted while cleaning up " + layout.root() + "; delete it by hand");
        } finally {
            progress.flush();
            client.close();
        }
    }

    /** The latest update the consumer received, and a way to wait for one at a given revision. */
    private static final class Latest {
        private EstateUpdate update;

        synchronized void reset() {
            update = null;
        }

        synchronized void offer(EstateUpdate u) {
            update = u;
            notifyAll();
        }

        /** The first update at {@code revision} or later whose estate holds {@code pool} as it was put. */
        synchronized EstateUpdate await(long revision, PoolSpec pool, Duration timeout, EstateFeed feed)
                throws InterruptedException, EtcdUnavailableException {
            long deadline = System.nanoTime() + timeout.toNanos();
            EstateUpdate checked = null; // an update already looked at (the pool scan is O(pools))
            while (true) {
                EstateUpdate u = update;
                if (u != null && u != checked && u.loaded() && u.estate().revision() >= revision) {
                    if (holds(u.estate(), pool)) {
                        return u;
                    }
                    checked = u;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new EtcdUnavailableException(EtcdFailure.TIMEOUT, "ingest: the model did not hold the changed pool (revision "
                            + revision + ") within " + timeout.toSeconds() + " s (at revision "
                            + feed.current().estate().revision() + ")", null);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
